using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PlateWeb.Recognition.Interop.Tesseract;

/// <summary>Page iterator levels (<c>TessPageIteratorLevel</c> in capi.h).</summary>
internal enum TessIteratorLevel
{
    Block = 0,
    Para = 1,
    TextLine = 2,
    Word = 3,
    Symbol = 4,
}

/// <summary>Engine modes (<c>TessOcrEngineMode</c> in capi.h).</summary>
internal enum TessOcrEngineMode
{
    TesseractOnly = 0,
    LstmOnly = 1,
    TesseractLstmCombined = 2,
    Default = 3,
}

/// <summary>Owns a <c>TessBaseAPI*</c>; releasing it ends and deletes the API instance.</summary>
internal sealed class TessBaseApiHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TessBaseApiHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.TessBaseAPIEnd(handle);
        NativeMethods.TessBaseAPIDelete(handle);
        return true;
    }
}

/// <summary>
/// Hand-written bindings for the Tesseract 5 C API (<c>tesseract/capi.h</c>).
/// The library is imported by its exact soname, so no resolver is needed and nothing
/// interferes with OpenCvSharp's own native loading.
/// </summary>
/// <remarks>
/// Ownership rules from capi.h: strings returned as <c>char*</c> (GetUTF8Text variants) must be
/// freed with <see cref="TessDeleteText"/>; <c>const char*</c> results (TessVersion, choice text)
/// belong to Tesseract. The page iterator obtained from a result iterator is the same object and
/// must not be deleted separately.
/// </remarks>
internal static partial class NativeMethods
{
    /// <summary>Exact soname of Debian 12's <c>libtesseract5</c> package.</summary>
    internal const string LibraryName = "libtesseract.so.5";

    // ---- General -------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    internal static partial nint TessVersion();

    [LibraryImport(LibraryName)]
    internal static partial void TessDeleteText(nint text);

    // ---- Base API ------------------------------------------------------------------------

    [LibraryImport(LibraryName)]
    internal static partial TessBaseApiHandle TessBaseAPICreate();

    [LibraryImport(LibraryName)]
    internal static partial void TessBaseAPIDelete(nint handle);

    /// <summary>
    /// Init with variables applied during initialisation (needed for init-only parameters such as
    /// <c>load_system_dawg</c>). <paramref name="varsVec"/>/<paramref name="varsValues"/> are arrays
    /// of UTF-8 <c>char*</c>.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int TessBaseAPIInit4(
        TessBaseApiHandle handle,
        string? datapath,
        string? language,
        TessOcrEngineMode mode,
        nint* configs,
        int configsSize,
        nint* varsVec,
        nint* varsValues,
        nuint varsVecSize,
        int setOnlyNonDebugParams);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TessBaseAPISetVariable(TessBaseApiHandle handle, string name, string value);

    [LibraryImport(LibraryName)]
    internal static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle handle, int mode);

    [LibraryImport(LibraryName)]
    internal static unsafe partial void TessBaseAPISetImage(
        TessBaseApiHandle handle, byte* imagedata, int width, int height, int bytesPerPixel, int bytesPerLine);

    [LibraryImport(LibraryName)]
    internal static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle handle, int ppi);

    /// <summary>Returns 0 on success. <paramref name="monitor"/> may be zero.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int TessBaseAPIRecognize(TessBaseApiHandle handle, nint monitor);

    /// <summary>Caller frees the result with <see cref="TessResultIteratorDelete"/>; zero when nothing was recognised.</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint TessBaseAPIGetIterator(TessBaseApiHandle handle);

    [LibraryImport(LibraryName)]
    internal static partial void TessBaseAPIClear(TessBaseApiHandle handle);

    [LibraryImport(LibraryName)]
    internal static partial void TessBaseAPIEnd(nint handle);

    // ---- Page / result iterators --------------------------------------------------------

    [LibraryImport(LibraryName)]
    internal static partial void TessResultIteratorDelete(nint handle);

    [LibraryImport(LibraryName)]
    internal static partial nint TessResultIteratorGetPageIterator(nint handle);

    [LibraryImport(LibraryName)]
    internal static partial int TessResultIteratorNext(nint handle, TessIteratorLevel level);

    [LibraryImport(LibraryName)]
    internal static partial int TessPageIteratorBoundingBox(
        nint handle, TessIteratorLevel level, out int left, out int top, out int right, out int bottom);

    /// <summary>Caller frees the result with <see cref="TessDeleteText"/>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint TessResultIteratorGetUTF8Text(nint handle, TessIteratorLevel level);

    [LibraryImport(LibraryName)]
    internal static partial float TessResultIteratorConfidence(nint handle, TessIteratorLevel level);

    /// <summary>Caller frees the result with <see cref="TessChoiceIteratorDelete"/>.</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint TessResultIteratorGetChoiceIterator(nint handle);

    // ---- Choice iterator ----------------------------------------------------------------

    [LibraryImport(LibraryName)]
    internal static partial void TessChoiceIteratorDelete(nint handle);

    [LibraryImport(LibraryName)]
    internal static partial int TessChoiceIteratorNext(nint handle);

    /// <summary>Owned by Tesseract: do not free.</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint TessChoiceIteratorGetUTF8Text(nint handle);

    [LibraryImport(LibraryName)]
    internal static partial float TessChoiceIteratorConfidence(nint handle);

    // ---- Helpers ------------------------------------------------------------------------

    /// <summary>Reads a Tesseract-owned UTF-8 string (no free).</summary>
    internal static string? PtrToString(nint utf8) => utf8 == 0 ? null : Marshal.PtrToStringUTF8(utf8);

    /// <summary>Reads a caller-owned UTF-8 string and frees it with <see cref="TessDeleteText"/>.</summary>
    internal static string? TakeText(nint utf8)
    {
        if (utf8 == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(utf8);
        }
        finally
        {
            TessDeleteText(utf8);
        }
    }

    /// <summary>
    /// The single status check for native calls: throws <see cref="Ocr.TesseractException"/> naming
    /// <paramref name="call"/> when <paramref name="succeeded"/> is false.
    /// </summary>
    /// <param name="succeeded">Whether the call succeeded (rc == 0 for int status, != 0 for BOOL).</param>
    /// <param name="call">Native function name, e.g. <c>TessBaseAPIInit4</c>.</param>
    /// <param name="status">Raw value the call returned.</param>
    /// <param name="detail">Optional context (paths, language, variable) built only on failure.</param>
    internal static void Check(bool succeeded, string call, int status, Func<string>? detail = null)
    {
        if (!succeeded)
        {
            var extra = detail is null ? string.Empty : " " + detail();
            throw new Ocr.TesseractException(call, status, $"{call} failed (returned {status}).{extra}");
        }
    }
}
