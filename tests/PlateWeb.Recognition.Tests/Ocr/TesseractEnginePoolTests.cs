using OpenCvSharp;
using PlateWeb.Recognition.Ocr;

namespace PlateWeb.Recognition.Tests.Ocr;

public sealed class TesseractEnginePoolTests
{
    private static readonly string[] Texts = ["AB123CD", "XY7890Q", "KL45MN", "PQ2468R"];

    [Fact]
    public void Run_ParallelFromManyThreads_GivesIdenticalResults()
    {
        var images = Texts.Select(t => PlateImages.RenderLine(t)).ToArray();
        try
        {
            OcrLine[] expected;
            using (var single = new TesseractEngine(OcrTestSettings.English))
            {
                expected = images.Select(single.Recognize).ToArray();
            }

            using var pool = new TesseractEnginePool(OcrTestSettings.English, maxEngines: 4);
            var results = new OcrLine[16];
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
                results[i] = pool.Run(engine => engine.Recognize(images[i % images.Length])));

            Assert.InRange(pool.CreatedCount, 1, 4);
            for (var i = 0; i < results.Length; i++)
            {
                var want = expected[i % images.Length];
                Assert.Equal(Texts[i % Texts.Length], results[i].Text);
                Assert.Equal(want.Text, results[i].Text);
                Assert.Equal(want.Confidence, results[i].Confidence);
                Assert.Equal(want.Characters.Select(c => c.Box), results[i].Characters.Select(c => c.Box));
                Assert.Equal(
                    want.Characters.SelectMany(c => c.Alternatives),
                    results[i].Characters.SelectMany(c => c.Alternatives));
            }
        }
        finally
        {
            foreach (var image in images)
            {
                image.Dispose();
            }
        }
    }

    [Fact]
    public void Run_EngineNeverSharedBetweenConcurrentCallers()
    {
        using var pool = new TesseractEnginePool(OcrTestSettings.English, maxEngines: 3);
        var inUse = new System.Collections.Concurrent.ConcurrentDictionary<TesseractEngine, byte>();
        var overlaps = 0;

        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            pool.Run(engine =>
            {
                if (!inUse.TryAdd(engine, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }

                Thread.Sleep(5);
                inUse.TryRemove(engine, out var _);
                return 0;
            }));

        Assert.Equal(0, overlaps);
        Assert.InRange(pool.CreatedCount, 1, 3);
    }

    [Fact]
    public void Run_CallerException_PropagatesAndEngineIsReused()
    {
        using var pool = new TesseractEnginePool(OcrTestSettings.English, maxEngines: 1);

        Assert.Throws<InvalidOperationException>(() => pool.Run<int>(_ => throw new InvalidOperationException("boom")));
        using var image = PlateImages.RenderLine("AB123CD");

        Assert.Equal("AB123CD", pool.Recognize(image).Text);
        Assert.Equal(1, pool.CreatedCount);
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposed()
    {
        var pool = new TesseractEnginePool(OcrTestSettings.English, maxEngines: 1);
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Run(_ => 0));
    }
}
