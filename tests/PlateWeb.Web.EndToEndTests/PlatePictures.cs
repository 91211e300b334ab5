using PlateWeb.Recognition.Detection;
using PlateWeb.Recognition.Synthesis;

namespace PlateWeb.Web.EndToEndTests;

/// <summary>Plate photos rendered by the test: one French plate on a plain scene, written to a PNG file.</summary>
internal static class PlatePictures
{
    /// <summary>A plate that holds a G, whose confusable twin is 6.</summary>
    public const string PlateText = "GH-456-JK";

    public static string WriteFrenchPlate(string folder, string fileName) => WriteFrenchPlate(folder, fileName, PlateText);

    /// <summary>Another French plate on the same scene (different bytes: an upload that is not already stored).</summary>
    public static string WriteFrenchPlate(string folder, string fileName, string plateText)
    {
        using var scene = PlateRenderer.RenderScene(new SceneSpec(960, 640,
            [new ScenePlacement(new SyntheticPlate(plateText, PlateStyle.Eu, "F"), 480, 380, 420, 0, 0)], 0, 0, 7));
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, scene.Encode(".png"));
        return path;
    }
}
