using System.Runtime.CompilerServices;
using PlateWeb.Recognition.Interop;

namespace PlateWeb.Recognition.Tests;

/// <summary>
/// Tests call Cv2.* before they touch any Recognition type, so the Recognition assembly's own module
/// initializer may run too late: libtesseract must be loaded before OpenCvSharpExtern (see NativeLibraries).
/// </summary>
internal static class NativePreload
{
#pragma warning disable CA2255 // The test assembly needs the same hook as the library it tests.
    [ModuleInitializer]
    internal static void OnLoad() => NativeLibraries.Preload();
#pragma warning restore CA2255
}
