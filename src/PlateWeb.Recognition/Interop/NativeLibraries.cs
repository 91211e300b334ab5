using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PlateWeb.Recognition.Interop;

/// <summary>
/// Loads libtesseract (and with it leptonica and the system libpng) before OpenCV's native library.
/// OpenCvSharpExtern exports its own copy of libpng's symbols and also depends on the system
/// libpng; when it is loaded first, the system libpng binds its internal calls to OpenCV's copy,
/// and Tesseract's LSTM (which PNG-encodes every word image through leptonica) then aborts with
/// "Invalid IHDR data / double free". Loaded first, the system libpng resolves to itself.
/// </summary>
public static partial class NativeLibraries
{
    private static int _loaded;

    /// <summary>
    /// OpenCV's own ceiling on the pixels of an image it decodes (OPENCV_IO_MAX_IMAGE_PIXELS; its
    /// default is 2^30). <see cref="RecognitionOptions.MaxImagePixels"/> may not exceed it. The header
    /// check refuses larger images first; this is the backstop for a header it reads wrongly.
    /// </summary>
    public const long OpenCvMaxImagePixels = 100_000_000;

    /// <summary>Idempotent; call before the first OpenCV call in any process that also uses Tesseract.</summary>
    public static void Preload()
    {
        if (Interlocked.Exchange(ref _loaded, 1) == 1) return;
        // Tesseract is built with OpenMP and the engine pool already runs one engine per core:
        // one OpenMP thread each, unless the user chose otherwise. libgomp reads this variable
        // once, when it is loaded with libtesseract just below, and .NET's own environment block
        // is not the C library's, hence setenv.
        if (Environment.GetEnvironmentVariable("OMP_THREAD_LIMIT") is null)
        {
            SetProcessEnvironment("OMP_THREAD_LIMIT", "1");
        }
        // OpenCV reads this once, when its library is loaded (after this method, by the first OpenCvSharp
        // call): from then on it refuses larger images before allocating their pixels. A value set by
        // the operator stands.
        if (Environment.GetEnvironmentVariable("OPENCV_IO_MAX_IMAGE_PIXELS") is null)
        {
            SetProcessEnvironment("OPENCV_IO_MAX_IMAGE_PIXELS", OpenCvMaxImagePixels.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        // A missing libtesseract is reported later, with a clear message, by the OCR engine itself.
        NativeLibrary.TryLoad("libtesseract.so.5", out _);
    }

    /// <summary>In .NET's environment and, on Linux, in the C library's, which native code reads.</summary>
    private static void SetProcessEnvironment(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux()) _ = SetEnv(name, value, 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

#pragma warning disable CA2255 // A module initializer is the only hook that runs before OpenCvSharp's first P/Invoke.
    [ModuleInitializer]
    internal static void OnLoad() => Preload();
#pragma warning restore CA2255
}
