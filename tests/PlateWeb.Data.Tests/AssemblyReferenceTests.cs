using PlateWeb.Data.Storage;

namespace PlateWeb.Data.Tests;

/// <summary>
/// The store keeps reads, not the engine: PlateWeb.Data references PlateWeb.Grammar (PlateRead, Quad, ImageHeader),
/// never PlateWeb.Recognition or OpenCV, so the chat and any tool over the history load no native engine (issue 19).
/// </summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void Data_ReferencesGrammar_NotTheEngine()
    {
        var references = typeof(PlateStore).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("PlateWeb.Grammar", references);
        Assert.DoesNotContain("PlateWeb.Recognition", references);
        Assert.DoesNotContain(references, name => name!.StartsWith("OpenCvSharp", StringComparison.Ordinal));
    }
}
