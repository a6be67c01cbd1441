using Cappy.Proxy.Eval;
using Xunit;

namespace Cappy.Proxy.Tests.Eval;

public sealed class ClassifyAccuracyTests
{
    private const double Tolerance = 1e-9;

    private static IReadOnlyList<ClassifyExample> ReadSample()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Eval", "Data", "promptsource-sample.jsonl"));
        return ClassifyDataReader.Read(reader);
    }

    [Fact]
    public void Read_GroupsByDatasetTemplateAndIndex()
    {
        var examples = ReadSample();

        Assert.Equal(4, examples.Count);
        Assert.Equal(3, examples[2].Options.Count);
        Assert.Equal("based on the previous passage", examples[3].Template);
    }

    [Fact]
    public void Compute_AccuracyPerDatasetAndAverage()
    {
        // rte: right, wrong, right (tie, first option correct); piqa: wrong (tie between two wrong options).
        IReadOnlyList<IReadOnlyList<float>> scores = [[0.9f, 0.1f], [0.8f, 0.2f], [0.1f, 0.5f, 0.5f], [0.5f, 0.5f]];
        var accuracy = ClassifyAccuracy.Compute(ReadSample(), scores).ToDictionary();

        Assert.Equal(["super_glue/rte", "piqa", "average"], accuracy.Keys);
        Assert.Equal(2.0 / 3, accuracy["super_glue/rte"], Tolerance);
        Assert.Equal(0, accuracy["piqa"], Tolerance);
        Assert.Equal(1.0 / 3, accuracy["average"], Tolerance);
    }

    [Fact]
    public void Read_ExampleWithoutCorrectOptionRejected()
    {
        using var reader = new StringReader("{\"dataset_name\": \"d\", \"template_name\": \"t\", \"example_idx\": 7, \"instruction\": \"q\", \"response\": \"a\", \"label\": 0}");
        var exception = Assert.Throws<EvalDataException>(() => ClassifyDataReader.Read(reader));

        Assert.Equal("example 7 of dataset \"d\", template \"t\": no line has label 1.", exception.Message);
    }
}
