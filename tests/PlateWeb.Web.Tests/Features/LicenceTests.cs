using System.Xml.Linq;
using PlateWeb.Jobs.Hosting;

namespace PlateWeb.Web.Tests.Features;

/// <summary>The repository says under which licence it is, and names every package it uses with its licence.</summary>
public sealed class LicenceTests
{
    private static readonly string Root = ContentRootLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("PlateWeb.sln not found");

    [Fact]
    public void Licence_IsMitForThePlateWebAuthors()
    {
        var licence = File.ReadAllText(Path.Combine(Root, "LICENSE"));

        Assert.StartsWith("MIT License", licence, StringComparison.Ordinal);
        Assert.Contains("Copyright (c) 2026 The PlateWeb authors", licence, StringComparison.Ordinal);
    }

    [Fact]
    public void Notices_NameEveryPackageAndTheModelsData()
    {
        var notices = File.ReadAllText(Path.Combine(Root, "THIRD-PARTY-NOTICES.md"));
        var packages = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"))
            .Descendants("PackageVersion").Select(p => (string)p.Attribute("Include")!).ToList();

        Assert.NotEmpty(packages);
        Assert.All(packages, id => Assert.True(
            notices.Contains(id, StringComparison.OrdinalIgnoreCase)
                || (id.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && notices.Contains("Microsoft.Extensions.*", StringComparison.Ordinal)),
            $"THIRD-PARTY-NOTICES.md does not name {id}"));
        Assert.Contains("AGPL-3.0", notices, StringComparison.Ordinal);
        Assert.Contains("openalpr/train-detector", notices, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/", notices, StringComparison.Ordinal);
    }
}
