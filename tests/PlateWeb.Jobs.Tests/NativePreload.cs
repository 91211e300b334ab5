using System.Runtime.CompilerServices;
using PlateWeb.Recognition.Interop;

namespace PlateWeb.Jobs.Tests;

/// <summary>libtesseract must be loaded before OpenCvSharpExtern in any process that uses both (see NativeLibraries).</summary>
internal static class NativePreload
{
#pragma warning disable CA2255 // Same hook as the Recognition assembly, in case a test reaches OpenCV first.
    [ModuleInitializer]
    internal static void OnLoad() => NativeLibraries.Preload();
#pragma warning restore CA2255
}
