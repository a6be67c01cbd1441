using Cappy.Proxy.Training;
using Xunit;

namespace Cappy.Proxy.Tests.Training;

public sealed class TrainingDataReaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("cappy-train-data-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void PairLines_GiveOneExampleEach()
    {
        var path = Write(
            """{"instruction": "Add 2 and 2.", "response": "4", "label": 1}""",
            "",
            """{"instruction": "Add 2 and 2.", "response": "5", "label": 0.25}""");

        var data = TrainingDataReader.Read(path, filter: null, seed: 1);

        Assert.Equal(2, data.Examples.Count);
        Assert.Equal(new TrainingExample("Add 2 and 2.", "4", 1f), data.Examples[0]);
        Assert.Equal(0.25f, data.Examples[1].Label);
        Assert.Equal(2, data.RowsUsed);
    }

    [Fact]
    public void JudgedAnswers_UseWinProbAsLabel()
    {
        var path = Write(
            """{"id": 4, "dataset": "x", "instruction": "Name a colour.", "answers": [{"generator": "a", "output": "Red.", "win_prob": 0.9}, {"generator": "b", "output": "Seven.", "win_prob": 0.05}]}""");

        var data = TrainingDataReader.Read(path, filter: null, seed: 1);

        Assert.Equal(
            [new TrainingExample("Name a colour.", "Red.", 0.9f), new TrainingExample("Name a colour.", "Seven.", 0.05f)],
            data.Examples);
    }

    [Fact]
    public void IdFilter_SkipsExcludedRemainder()
    {
        var path = Write(Enumerable.Range(0, 7)
            .Select(id => $$"""{"id": {{id}}, "instruction": "q{{id}}", "answers": [{"output": "a", "win_prob": 0.5}]}""")
            .ToArray());

        var data = TrainingDataReader.Read(path, new IdFilter(3, 0), seed: 1);

        Assert.Equal(["q1", "q2", "q4", "q5"], data.Examples.Select(example => example.Instruction));
        Assert.Equal(3, data.RowsExcluded);
        Assert.Equal(4, data.RowsUsed);
    }

    [Fact]
    public void References_AddPositiveAndOtherRowsNegative()
    {
        var path = Write(
            """{"id": 1, "instruction": "q1", "answers": [], "references": ["r1"]}""",
            """{"id": 2, "instruction": "q2", "answers": [], "references": "r2"}""",
            """{"id": 3, "instruction": "q3", "answers": [], "references": ["r3"]}""");

        var data = TrainingDataReader.Read(path, filter: null, seed: 5);

        Assert.Equal(6, data.ReferenceExamples);
        foreach (var row in new[] { ("q1", "r1"), ("q2", "r2"), ("q3", "r3") })
        {
            var examples = data.Examples.Where(example => example.Instruction == row.Item1).ToList();
            Assert.Contains(new TrainingExample(row.Item1, row.Item2, 1f), examples);
            var negative = Assert.Single(examples, example => example.Label == 0f);
            Assert.NotEqual(row.Item2, negative.Response);
            Assert.StartsWith("r", negative.Response);
        }
    }

    [Fact]
    public void FileHash_IsSha256OfBytes()
    {
        var path = Write("""{"instruction": "i", "response": "r", "label": 0}""");

        var data = TrainingDataReader.Read(path, filter: null, seed: 1);

        // sha256sum of the same line with its "\n" ending, computed with coreutils.
        Assert.Equal("e222e8330f15ee03084bde9d4d4cc4850412d1fc0a4bf7cf7d503f7b413021a8", data.Sha256);
    }

    [Theory]
    [InlineData("""{"instruction": "i", "response": "r", "label": 1.5}""", "between 0 and 1")]
    [InlineData("""{"instruction": "i", "response": "r"}""", "'label' is missing")]
    [InlineData("""{"response": "r", "label": 1}""", "'instruction' is missing")]
    [InlineData("""{"instruction": "i"}""", "expected 'response'")]
    [InlineData("not json", "line 1")]
    public void InvalidLine_NamesLineAndField(string line, string expectedFragment)
    {
        var path = Write(line);

        var exception = Assert.Throws<InvalidDataException>(() => TrainingDataReader.Read(path, filter: null, seed: 1));

        Assert.Contains(expectedFragment, exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdFilter_WithoutId_Fails()
    {
        var path = Write("""{"instruction": "i", "response": "r", "label": 1}""");

        var exception = Assert.Throws<InvalidDataException>(() => TrainingDataReader.Read(path, new IdFilter(3, 0), seed: 1));

        Assert.Contains("integer 'id'", exception.Message, StringComparison.Ordinal);
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(directory, $"data-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}
