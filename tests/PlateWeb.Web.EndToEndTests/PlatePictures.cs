using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>Plate photos rendered by the test: one French plate on a plain scene, written to a PNG file.</summary>
internal static class PlatePictures
{
    /// <summary>A plate that holds a G, whose confusable twin is 6.</summary>
    public const string PlateText = "GH-456-JK";

    public static string WriteFrenchPlate(string folder, string fileName)
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(960, 640,
            [new ScenePlacement(new SyntheticPlate(PlateText, PlateStyle.Eu, "F"), 480, 380, 420, 0, 0)], 0, 0, 7));
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, scene.Encode(".png"));
        return path;
    }
}
