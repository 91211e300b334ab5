namespace PlateWeb.Chat.Tests;

/// <summary>The chat needs the plate grammar, not the engine: it references PlateWeb.Grammar, never PlateWeb.Recognition (issue 19, item 2).</summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void Chat_ReferencesGrammar_NotRecognition()
    {
        var references = typeof(ChatGroundingServiceCollectionExtensions).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("PlateWeb.Grammar", references);
        Assert.DoesNotContain("PlateWeb.Recognition", references);
        Assert.DoesNotContain(references, name => name!.StartsWith("OpenCvSharp", StringComparison.Ordinal));
    }
}
