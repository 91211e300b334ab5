// One file: the wrapper of one native TessBaseAPI handle: its creation, settings, traineddata check and the result
// and choice iterators, which may only run while the handle's last result is alive. The imports themselves are in
// Interop/Tesseract/NativeMethods.

using System.Runtime.InteropServices;
using OpenCvSharp;
using PlateWeb.Recognition.Imaging;
using PlateWeb.Recognition.Interop.Tesseract;

namespace PlateWeb.Recognition.Ocr;

/// <summary>
/// One Tesseract API instance (LSTM engine) configured for reading a single plate line.
/// </summary>
/// <remarks>
/// <para>
/// <b>Not thread-safe.</b> An engine holds one native <c>TessBaseAPI</c> whose image and results are
/// per-instance state: use an engine from one thread at a time (one per thread, or rent one from
/// <see cref="TesseractEnginePool"/>). Different engines may run in parallel.
/// </para>
/// <para>
/// Per-character alternatives come from Tesseract's choice iterator with
/// <c>lstm_choice_mode=2</c> (alternatives of the best-path character).
/// </para>
/// </remarks>
public sealed class TesseractEngine : IDisposable
{
    /// <summary>
    /// Serialises Init across engines: initialisation touches process-wide Tesseract state
    /// (shared dictionary cache, locale-dependent parsing); recognition does not need the lock.
    /// </summary>
    private static readonly Lock InitLock = new();

    private readonly TessBaseApiHandle _handle;
    private readonly HashSet<char>? _whitelist;

    /// <summary>Creates and initialises the engine.</summary>
    /// <exception cref="TesseractException">The native library or the traineddata cannot be loaded, or a variable is rejected.</exception>
    public TesseractEngine(TesseractSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.TessdataPath, nameof(settings));
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Language, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxAlternatives, 1, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.SourceResolutionPpi, 1, nameof(settings));

        Settings = settings;
        _whitelist = string.IsNullOrEmpty(settings.CharWhitelist) ? null : [.. settings.CharWhitelist];

        var traineddata = Path.Combine(settings.TessdataPath, settings.Language + ".traineddata");
        if (!File.Exists(traineddata))
        {
            throw new TesseractException(
                $"Tesseract traineddata not found: '{traineddata}' (tessdata path '{settings.TessdataPath}', language '{settings.Language}'). "
                + "Install it (e.g. 'apt-get install tesseract-ocr-eng') or point TessdataPath at a folder containing it.");
        }

        ValidateTraineddataHeader(traineddata, settings);
        _handle = CreateHandle();
        try
        {
            Initialise(settings, traineddata);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    /// <summary>The settings this engine was initialised with.</summary>
    public TesseractSettings Settings { get; }

    /// <summary>Version string reported by the loaded libtesseract (e.g. "5.3.0").</summary>
    /// <exception cref="TesseractException">libtesseract cannot be loaded.</exception>
    public static string NativeVersion
    {
        get
        {
            try
            {
                return NativeMethods.PtrToString(NativeMethods.TessVersion()) ?? string.Empty;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                throw LibraryMissing(ex);
            }
        }
    }

    /// <summary>
    /// Reads one line of text from raw pixels.
    /// </summary>
    /// <param name="pixels">Image rows, top to bottom; at least <c>(height-1)*bytesPerLine + width*bytesPerPixel</c> bytes.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="bytesPerPixel">1 (8-bit grey), 3 (RGB) or 4 (RGBA); Tesseract reads 3/4-byte pixels as RGB order.</param>
    /// <param name="bytesPerLine">Row stride in bytes.</param>
    /// <returns>Characters in reading order with confidences in 0..1, ranked alternatives and boxes; whitespace is skipped.</returns>
    /// <exception cref="TesseractException">Recognition failed in the native library.</exception>
    public unsafe OcrLine Recognize(ReadOnlySpan<byte> pixels, int width, int height, int bytesPerPixel, int bytesPerLine)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (bytesPerPixel is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerPixel), bytesPerPixel, "Supported: 1 (grey), 3 (RGB), 4 (RGBA).");
        }

        var rowBytes = (long)width * bytesPerPixel;
        if (bytesPerLine < rowBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerLine), bytesPerLine, $"Must be at least width*bytesPerPixel = {rowBytes}.");
        }

        var needed = ((long)height - 1) * bytesPerLine + rowBytes;
        if (pixels.Length < needed)
        {
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} bytes; {needed} needed for {width}x{height}, {bytesPerPixel} B/px, stride {bytesPerLine}.", nameof(pixels));
        }

        if (IsUniform(pixels, width, height, bytesPerPixel, bytesPerLine))
        {
            // Tesseract binarises a featureless image into noise and, in line mode, "reads" text from it.
            return OcrLine.Empty;
        }

        try
        {
            fixed (byte* data = pixels)
            {
                // SetImage copies the pixels into a Leptonica Pix; keep them pinned through Recognize anyway.
                NativeMethods.TessBaseAPISetImage(_handle, data, width, height, bytesPerPixel, bytesPerLine);
                NativeMethods.TessBaseAPISetSourceResolution(_handle, Settings.SourceResolutionPpi);
                var rc = NativeMethods.TessBaseAPIRecognize(_handle, 0);
                NativeMethods.Check(rc == 0, nameof(NativeMethods.TessBaseAPIRecognize), rc, () => $"Image {width}x{height}, {bytesPerPixel} B/px.");
            }

            return ReadResults();
        }
        finally
        {
            NativeMethods.TessBaseAPIClear(_handle);
        }
    }

    /// <summary>Reads one line of text from an 8-bit grey, BGR or BGRA <see cref="Mat"/> (continuous or not).</summary>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1, 3 or 4 channels.</exception>
    public unsafe OcrLine Recognize(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (image.Empty())
        {
            throw new ArgumentException("Image is empty.", nameof(image));
        }

        if (image.Depth() != MatType.CV_8U || image.Dims > 2)
        {
            throw new ArgumentException($"Expected a 2-D 8-bit image, got {image.Type()} with {image.Dims} dims.", nameof(image));
        }

        // OpenCV stores BGR(A); Tesseract expects RGB(A). Reading greyscale is all it needs.
        using var converted = Grey.View(image, out var grey);
        return RecognizeGrey(grey);
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private unsafe OcrLine RecognizeGrey(Mat grey)
    {
        var width = grey.Cols;
        var height = grey.Rows;
        var step = grey.Step();
        if (step > int.MaxValue)
        {
            throw new ArgumentException("Image row stride exceeds 2 GiB.", nameof(grey));
        }

        var length = (height - 1) * step + width;
        var span = new ReadOnlySpan<byte>((void*)grey.Data, checked((int)length));
        var line = Recognize(span, width, height, 1, (int)step);
        GC.KeepAlive(grey);
        return line;
    }

    /// <summary>
    /// Cheap sanity check of the traineddata table of contents (int32 entry count, then int64
    /// offsets, each -1 or inside the file). Tesseract 5.3 can abort the process (double free)
    /// on a corrupt file instead of failing Init, so reject obvious garbage up front.
    /// </summary>
    private static void ValidateTraineddataHeader(string traineddata, TesseractSettings settings)
    {
        const int MaxEntries = 128;
        Span<byte> header = stackalloc byte[4 + 8 * MaxEntries];
        long fileLength;
        int read;
        using (var stream = File.OpenRead(traineddata))
        {
            fileLength = stream.Length;
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        header = header[..read];
        if (!IsValidToc(header, fileLength, swap: false) && !IsValidToc(header, fileLength, swap: true))
        {
            throw new TesseractException(
                $"'{traineddata}' is not a valid traineddata file (bad table of contents) for language '{settings.Language}' "
                + $"in tessdata path '{settings.TessdataPath}'. Re-download or reinstall it (e.g. 'apt-get install --reinstall tesseract-ocr-eng').");
        }

        static bool IsValidToc(ReadOnlySpan<byte> header, long fileLength, bool swap)
        {
            if (header.Length < 4)
            {
                return false;
            }

            var count = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header);
            count = swap ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(count) : count;
            var tocEnd = 4 + 8L * count;
            if (count < 1 || count > MaxEntries || header.Length < tocEnd || fileLength < tocEnd)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                var offset = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(header[(4 + 8 * i)..]);
                offset = swap ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(offset) : offset;
                if (offset != -1 && (offset < tocEnd || offset >= fileLength))
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static TessBaseApiHandle CreateHandle()
    {
        TessBaseApiHandle handle;
        try
        {
            handle = NativeMethods.TessBaseAPICreate();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            throw LibraryMissing(ex);
        }

        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new TesseractException(nameof(NativeMethods.TessBaseAPICreate), 0, "TessBaseAPICreate returned NULL.");
        }

        return handle;
    }

    private static TesseractException LibraryMissing(Exception inner) =>
        new($"Cannot load {NativeMethods.LibraryName}: install it with 'apt-get install libtesseract5 tesseract-ocr-eng'.", inner);

    private unsafe void Initialise(TesseractSettings settings, string traineddata)
    {
        var initVars = new List<KeyValuePair<string, string>>();
        if (settings.DisableDictionaries)
        {
            initVars.Add(new("load_system_dawg", "0"));
            initVars.Add(new("load_freq_dawg", "0"));
            initVars.Add(new("load_punc_dawg", "0"));
            initVars.Add(new("load_number_dawg", "0"));
            initVars.Add(new("load_unambig_dawg", "0"));
            initVars.Add(new("load_bigram_dawg", "0"));
        }

        // Run-time variables (also re-set after Init through SetVariable, which validates names).
        var runVars = new List<KeyValuePair<string, string>>
        {
            new("tessedit_char_whitelist", settings.CharWhitelist ?? string.Empty),
            new("lstm_choice_mode", "2"),
            new("user_defined_dpi", settings.SourceResolutionPpi.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (settings.Variables is not null)
        {
            runVars.AddRange(settings.Variables);
        }

        initVars.AddRange(runVars);

        var count = initVars.Count;
        var names = stackalloc nint[count];
        var values = stackalloc nint[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = 0;
            values[i] = 0;
        }

        try
        {
            for (var i = 0; i < count; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(initVars[i].Key);
                values[i] = Marshal.StringToCoTaskMemUTF8(initVars[i].Value);
            }

            int rc;
            lock (InitLock)
            {
                rc = NativeMethods.TessBaseAPIInit4(
                    _handle, settings.TessdataPath, settings.Language, TessOcrEngineMode.LstmOnly,
                    null, 0, names, values, (nuint)count, setOnlyNonDebugParams: 0);
            }

            NativeMethods.Check(rc == 0, nameof(NativeMethods.TessBaseAPIInit4), rc, () =>
                $"Could not initialise language '{settings.Language}' from tessdata path '{settings.TessdataPath}' ('{traineddata}'): the file may be corrupt, "
                + "not an LSTM model, or built for another Tesseract version.");
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                Marshal.FreeCoTaskMem(names[i]);
                Marshal.FreeCoTaskMem(values[i]);
            }
        }

        foreach ((var name, var value) in runVars)
        {
            var ok = NativeMethods.TessBaseAPISetVariable(_handle, name, value);
            NativeMethods.Check(ok != 0, nameof(NativeMethods.TessBaseAPISetVariable), ok, () => $"Unknown or read-only Tesseract variable '{name}' (value '{value}').");
        }

        NativeMethods.TessBaseAPISetPageSegMode(_handle, (int)settings.PageSegMode);
    }

    private OcrLine ReadResults()
    {
        var it = NativeMethods.TessBaseAPIGetIterator(_handle);
        if (it == 0)
        {
            return OcrLine.Empty;
        }

        try
        {
            var page = NativeMethods.TessResultIteratorGetPageIterator(it);
            var characters = new List<OcrCharacter>();
            do
            {
                var symbol = NativeMethods.TakeText(NativeMethods.TessResultIteratorGetUTF8Text(it, TessIteratorLevel.Symbol));
                if (string.IsNullOrWhiteSpace(symbol))
                {
                    continue;
                }

                var confidence = ToUnit(NativeMethods.TessResultIteratorConfidence(it, TessIteratorLevel.Symbol));
                var box = NativeMethods.TessPageIteratorBoundingBox(page, TessIteratorLevel.Symbol, out var left, out var top, out var right, out var bottom) != 0
                    ? new BoxI(left, top, right - left, bottom - top)
                    : BoxI.Empty;

                if (symbol.Length == 1)
                {
                    characters.Add(new OcrCharacter(symbol[0], confidence, ReadChoices(it, symbol[0], confidence), box));
                    continue;
                }

                // A multi-character symbol (ligature) is split; its parts share box and confidence.
                foreach (var c in symbol)
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        characters.Add(new OcrCharacter(c, confidence, [new CharChoice(c, confidence)], box));
                    }
                }
            }
            while (NativeMethods.TessResultIteratorNext(it, TessIteratorLevel.Symbol) != 0);

            if (characters.Count == 0)
            {
                return OcrLine.Empty;
            }

            var text = string.Concat(characters.Select(c => c.Value));
            var mean = characters.Average(c => c.Confidence);
            return new OcrLine(text, mean, characters);
        }
        finally
        {
            NativeMethods.TessResultIteratorDelete(it);
        }
    }

    /// <summary>
    /// Alternatives from the choice iterator: single whitelisted characters, de-duplicated (highest
    /// confidence kept), ranked by confidence with Tesseract's own order breaking ties (many LSTM
    /// alternatives are clipped to 0 natively), and the best reading always first.
    /// </summary>
    private List<CharChoice> ReadChoices(nint resultIterator, char best, float bestConfidence)
    {
        var found = new List<CharChoice>();
        var choices = NativeMethods.TessResultIteratorGetChoiceIterator(resultIterator);
        if (choices != 0)
        {
            try
            {
                do
                {
                    var text = NativeMethods.PtrToString(NativeMethods.TessChoiceIteratorGetUTF8Text(choices));
                    if (text is not { Length: 1 } || text[0] == best || char.IsWhiteSpace(text[0])
                        || (_whitelist is not null && !_whitelist.Contains(text[0])))
                    {
                        continue;
                    }

                    var confidence = ToUnit(NativeMethods.TessChoiceIteratorConfidence(choices));
                    var existing = found.FindIndex(c => c.Value == text[0]);
                    if (existing < 0)
                    {
                        found.Add(new CharChoice(text[0], confidence));
                    }
                    else if (confidence > found[existing].Confidence)
                    {
                        found[existing] = found[existing] with { Confidence = confidence };
                    }
                }
                while (NativeMethods.TessChoiceIteratorNext(choices) != 0);
            }
            finally
            {
                NativeMethods.TessChoiceIteratorDelete(choices);
            }
        }

        var ranked = new List<CharChoice>(Settings.MaxAlternatives) { new(best, bestConfidence) };
        ranked.AddRange(found.OrderByDescending(c => c.Confidence).Take(Settings.MaxAlternatives - 1)); // stable sort
        return ranked;
    }

    private static bool IsUniform(ReadOnlySpan<byte> pixels, int width, int height, int bytesPerPixel, int bytesPerLine)
    {
        var first = pixels[..bytesPerPixel];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * bytesPerLine, width * bytesPerPixel);
            if (bytesPerPixel == 1)
            {
                if (row.ContainsAnyExcept(first[0]))
                {
                    return false;
                }

                continue;
            }

            for (var x = 0; x < row.Length; x += bytesPerPixel)
            {
                if (!row.Slice(x, bytesPerPixel).SequenceEqual(first))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static float ToUnit(float percent) => float.IsNaN(percent) ? 0f : Math.Clamp(percent / 100f, 0f, 1f);
}
