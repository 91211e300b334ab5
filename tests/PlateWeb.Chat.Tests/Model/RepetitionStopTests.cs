using PlateWeb.Chat.Model;

namespace PlateWeb.Chat.Tests.Model;

public sealed class RepetitionStopTests
{
    private static int AddAll(RepetitionStop stop, IEnumerable<int> tokens)
    {
        var n = 0;
        foreach (var t in tokens)
        {
            n++;
            if (stop.Add(t)) return n;
        }
        return -1;
    }

    [Fact]
    public void Add_ABlockRepeatedFourTimes_IsALoopAtItsFourthRepeat()
    {
        // "la dernière fois le dernier dernier" style: 5, 6, 7 over and over after a normal start.
        Assert.Equal(3 + 12, AddAll(new RepetitionStop(), [1, 2, 3, 5, 6, 7, 5, 6, 7, 5, 6, 7, 5, 6, 7, 5, 6, 7]));
    }

    [Fact]
    public void Add_OneTokenEightTimes_IsALoop_SevenIsNot()
    {
        Assert.Equal(8, AddAll(new RepetitionStop(), Enumerable.Repeat(9, 10)));
        Assert.Equal(-1, AddAll(new RepetitionStop(), [.. Enumerable.Repeat(9, 7), 4]));
    }

    [Fact]
    public void Add_AListWhoseItemsDiffer_IsNotALoop()
    {
        // "E-RE 9720 [1], E-RE 9720 [2], ...": the citation number changes every time.
        var list = Enumerable.Range(1, 10).SelectMany(n => new[] { 40, 41, 42, 43, 50 + n, 44 });
        Assert.Equal(-1, AddAll(new RepetitionStop(), list));
    }
}
