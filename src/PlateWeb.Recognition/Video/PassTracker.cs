using OpenCvSharp;
using PlateWeb.Recognition.Grammar;
using PlateWeb.Recognition.Pipeline;

namespace PlateWeb.Recognition.Video;

/// <summary>How reads are joined into passes.</summary>
public sealed record PassTrackerSettings
{
    /// <summary>A pass ends after this many analysed frames in a row without its plate (frames skipped as still do not count).</summary>
    public int MissingFramesToClose { get; init; } = 3;

    /// <summary>Reads needed for a pass; fewer is taken for a stray read and dropped.</summary>
    public int MinReads { get; init; } = 2;

    /// <summary>
    /// A pass still in view after this long is completed (published) without waiting for the vehicle to leave;
    /// its later reads join it silently, so a vehicle that stops in view makes one pass.
    /// </summary>
    public TimeSpan MaxOpen { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The same plate seen again this soon after its pass ended joins that pass silently (it stopped, or was hidden a moment).</summary>
    public TimeSpan Repeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads whose skeletons differ by up to this many edits join one pass when they are near each other.</summary>
    public int MaxEdits { get; init; } = 2;

    /// <summary>"Near": centres closer than this share of the frame's width.</summary>
    public float NearShare { get; init; } = 0.4f;
}

/// <summary>One read of a frame inside a pass.</summary>
public sealed record TrackedRead(DateTime At, PlateRead Read, float CenterX, float CenterY);

/// <summary>A vehicle pass, voted and ready to store. Owns <see cref="BestFrame"/>.</summary>
public sealed class CompletedPass(
    DateTime startedAt, DateTime endedAt, PlateRead voted, PlateRead bestRead, Mat bestFrame, DateTime bestFrameAt,
    IReadOnlyList<TrackedRead> reads, int frameCount, string? direction) : IDisposable
{
    public DateTime StartedAt { get; } = startedAt;
    public DateTime EndedAt { get; } = endedAt;
    /// <summary>The best frame's read with the voted text and per-character confidences.</summary>
    public PlateRead Voted { get; } = voted;
    public PlateRead BestRead { get; } = bestRead;
    public Mat BestFrame { get; } = bestFrame;
    public DateTime BestFrameAt { get; } = bestFrameAt;
    public IReadOnlyList<TrackedRead> Reads { get; } = reads;
    /// <summary>Analysed frames from the first read to the last.</summary>
    public int FrameCount { get; } = frameCount;
    /// <summary>"left", "right", "up", "down", or null.</summary>
    public string? Direction { get; } = direction;

    public void Dispose() => BestFrame.Dispose();
}

/// <summary>
/// Joins the reads of consecutive analysed frames into vehicle passes: a read joins the open pass whose plate has
/// the same skeleton (<see cref="PlateGrammar.Skeleton"/>: O/0, B/8… are one), or a skeleton a couple of edits away
/// near where that plate was last seen. Time is the frames' own, so the tracker is tested without a clock.
/// Not thread-safe: one per camera.
/// </summary>
public sealed class PassTracker(PassTrackerSettings settings, PlateGrammar grammar, string? countryHint = null) : IDisposable
{
    private readonly List<Track> _open = [];
    private readonly List<Track> _recent = [];

    /// <summary>Passes not yet ended.</summary>
    public int OpenCount => _open.Count;

    /// <summary>
    /// One analysed frame (read, possibly with no plate). The frame is copied only when it becomes a pass's best
    /// frame; the caller keeps ownership of <paramref name="frame"/>. Returns the passes this frame completed.
    /// </summary>
    public IReadOnlyList<CompletedPass> Observe(DateTime at, Mat frame, IReadOnlyList<PlateRead> reads)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(reads);
        var done = new List<CompletedPass>();
        var seen = new HashSet<Track>();
        foreach (var read in reads.OrderByDescending(r => r.Confidence))
        {
            var (cx, cy) = Center(read);
            var track = Match(read, cx, frame.Width, seen);
            if (track is null)
            {
                track = ReopenRecent(read, at);
                if (track is null)
                {
                    track = new Track(at);
                }
                _open.Add(track);
            }
            seen.Add(track);
            track.Add(new TrackedRead(at, read, cx, cy), frame, frame.Width, frame.Height);
        }

        foreach (var track in _open.ToList())
        {
            if (seen.Contains(track))
            {
                track.Missing = 0;
                track.FramesSinceStart++;
                if (!track.Published && at - track.StartedAt >= settings.MaxOpen && track.Reads.Count >= settings.MinReads)
                {
                    done.Add(track.Complete(grammar, countryHint));
                }
                continue;
            }
            Age(track, done);
        }
        _recent.RemoveAll(t => at - t.LastSeen > settings.Repeat);
        return done;
    }

    /// <summary>
    /// A frame skipped as still: the scene is as in the last analysed frame, so what was seen there is still there
    /// (a vehicle that stopped), and what was missing there is still missing (a vehicle that left, then nothing
    /// moved): only passes missing from the last analysed frame age. Returns the passes this completed.
    /// </summary>
    public IReadOnlyList<CompletedPass> Unchanged(DateTime at)
    {
        var done = new List<CompletedPass>();
        foreach (var track in _open.Where(t => t.Missing > 0).ToList())
        {
            Age(track, done);
        }
        _recent.RemoveAll(t => at - t.LastSeen > settings.Repeat);
        return done;
    }

    /// <summary>Ends every open pass (the source ended or the camera stops).</summary>
    public IReadOnlyList<CompletedPass> Flush()
    {
        var done = _open.Select(Close).OfType<CompletedPass>().ToList();
        _open.Clear();
        return done;
    }

    /// <summary>One more frame without <paramref name="track"/>: closed into <paramref name="done"/> once missing long enough.</summary>
    private void Age(Track track, List<CompletedPass> done)
    {
        track.Missing++;
        track.FramesSinceStart++;
        if (track.Missing < settings.MissingFramesToClose) return;
        _open.Remove(track);
        if (Close(track) is { } pass) done.Add(pass);
    }

    private CompletedPass? Close(Track track)
    {
        CompletedPass? pass = null;
        if (!track.Published && track.Reads.Count >= settings.MinReads)
        {
            pass = track.Complete(grammar, countryHint);
        }
        if (track.Published) _recent.Add(track);
        track.DisposeFrame();
        return pass;
    }

    private Track? Match(PlateRead read, float cx, int frameWidth, HashSet<Track> taken)
    {
        var skeleton = PlateGrammar.Skeleton(read.Text);
        Track? best = null;
        var bestDistance = float.MaxValue;
        foreach (var t in _open)
        {
            if (taken.Contains(t)) continue;
            var distance = Math.Abs(t.LastX - cx);
            var same = t.Skeletons.Contains(skeleton);
            var near = distance <= settings.NearShare * frameWidth
                && t.Skeletons.Any(s => PlateMatcher.FuzzyEquals(s, skeleton, settings.MaxEdits));
            if (!same && !near) continue;
            // An exact skeleton beats a near one; then the nearer track.
            var score = same ? distance : distance + frameWidth;
            if (score < bestDistance)
            {
                (best, bestDistance) = (t, score);
            }
        }
        return best;
    }

    private Track? ReopenRecent(PlateRead read, DateTime at)
    {
        var skeleton = PlateGrammar.Skeleton(read.Text);
        var track = _recent.LastOrDefault(t => at - t.LastSeen <= settings.Repeat && t.Skeletons.Contains(skeleton));
        if (track is not null)
        {
            _recent.Remove(track);
            track.Missing = 0;
        }
        return track;
    }

    private static (float X, float Y) Center(PlateRead read)
    {
        var p = read.Quad.Points;
        return (p.Average(q => q.X), p.Average(q => q.Y));
    }

    public void Dispose()
    {
        foreach (var t in _open) t.DisposeFrame();
        _open.Clear();
    }

    private sealed class Track(DateTime startedAt)
    {
        private Mat? _bestFrame;
        private DateTime _bestFrameAt;
        private PlateRead? _bestRead;
        private float _bestConfidence = -1;
        private int _width;
        private int _height;

        public DateTime StartedAt { get; } = startedAt;
        public DateTime LastSeen { get; private set; } = startedAt;
        public List<TrackedRead> Reads { get; } = [];
        public HashSet<string> Skeletons { get; } = new(StringComparer.Ordinal);
        public float LastX { get; private set; }
        public int Missing { get; set; }
        public int FramesSinceStart { get; set; }
        public bool Published { get; private set; }

        public void Add(TrackedRead read, Mat frame, int width, int height)
        {
            Reads.Add(read);
            Skeletons.Add(PlateGrammar.Skeleton(read.Read.Text));
            LastSeen = read.At;
            LastX = read.CenterX;
            (_width, _height) = (width, height);
            // The best frame is kept only while the pass is not yet published: after that nobody needs it.
            if (!Published && read.Read.Confidence > _bestConfidence)
            {
                _bestFrame?.Dispose();
                _bestFrame = frame.Clone();
                _bestFrameAt = read.At;
                _bestConfidence = read.Read.Confidence;
                _bestRead = read.Read;
            }
        }

        public CompletedPass Complete(PlateGrammar grammar, string? hint)
        {
            var (voted, _) = PassVote.Vote(Reads.Select(r => r.Read).ToList(), grammar, hint);
            // The frame kept is the most confident read's; the stored read outlines the plate in that frame.
            voted = voted with { Quad = _bestRead!.Quad, ReadBy = _bestRead.ReadBy };
            var frame = _bestFrame!.Clone();
            var frameAt = _bestFrameAt;
            Published = true;
            var pass = new CompletedPass(StartedAt, LastSeen, voted, _bestRead, frame, frameAt, Reads.ToList(),
                Math.Max(Reads.Count, FramesSinceStart - Missing), Direction());
            DisposeFrame();
            return pass;
        }

        public void DisposeFrame()
        {
            _bestFrame?.Dispose();
            _bestFrame = null;
        }

        private string? Direction()
        {
            if (Reads.Count < 2 || _width == 0) return null;
            var dx = Reads[^1].CenterX - Reads[0].CenterX;
            var dy = Reads[^1].CenterY - Reads[0].CenterY;
            // Less than 5 % of the frame is no direction: a parked car jitters by a few pixels.
            if (Math.Abs(dx) >= Math.Abs(dy))
            {
                return Math.Abs(dx) < 0.05f * _width ? null : dx > 0 ? "right" : "left";
            }
            return Math.Abs(dy) < 0.05f * _height ? null : dy > 0 ? "down" : "up";
        }
    }
}
