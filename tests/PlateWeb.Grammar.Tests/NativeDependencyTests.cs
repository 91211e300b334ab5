using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PlateWeb.Recognition.Grammar;

namespace PlateWeb.Grammar.Tests;

/// <summary>
/// The grammar is plain C#: the chat and data libraries use it without loading libtesseract or OpenCV
/// (issue 19, item 2). These tests fail as soon as a native package or the engine creeps back in.
/// </summary>
public sealed class NativeDependencyTests
{
    // The engine and the native packages behind it; none may reach the grammar, even through another package.
    private static readonly string[] Forbidden = ["PlateWeb.Recognition", "OpenCvSharp", "Tesseract", "Microsoft.ML.OnnxRuntime", "LLamaSharp"];

    private static readonly Assembly GrammarAssembly = typeof(PlateGrammar).Assembly;

    [Fact]
    public void Grammar_References_NoEngineOrNativeAssembly()
    {
        var references = GrammarAssembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Grammar_DependencyGraph_HoldsNoNativePackage()
    {
        // The test's deps.json lists every library the grammar brings along, transitively; this project adds only xunit.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PlateWeb.Grammar.Tests.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name).ToList();

        Assert.Contains(libraries, name => name.StartsWith("PlateWeb.Grammar/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Grammar_DeclaresNoPInvokeAndNoModuleInitializer()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var methods = GrammarAssembly.GetTypes().SelectMany(t => t.GetMethods(All)).ToList();

        Assert.NotEmpty(methods);
        Assert.DoesNotContain(methods, m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl));
        Assert.DoesNotContain(methods, m => m.IsDefined(typeof(ModuleInitializerAttribute)));
    }

    [Fact]
    public void AddPlateGrammar_Twice_RegistersTheOneDefaultInstance()
    {
        var services = new ServiceCollection();

        services.AddPlateGrammar();
        services.AddPlateGrammar();

        var registration = Assert.Single(services, d => d.ServiceType == typeof(PlateGrammar));
        Assert.Equal(ServiceLifetime.Singleton, registration.Lifetime);
        Assert.Same(PlateGrammar.Default, registration.ImplementationInstance);
    }
}
