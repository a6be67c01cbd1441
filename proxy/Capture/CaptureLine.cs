using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cappy.Proxy.Capture;

/// <summary>
/// Writes a <see cref="CaptureRecord"/> as one JSON line. Non-ASCII text stays as itself, as in response bodies;
/// line breaks inside texts are escaped, so every record is exactly one line.
/// </summary>
internal static class CaptureLine
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Appends the record and a line feed to <paramref name="output"/>.</summary>
    public static void Write(CaptureRecord record, IBufferWriter<byte> output)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("time", record.Time.UtcDateTime);
            writer.WriteString("route", record.RouteId);
            writer.WriteString("request_id", record.RequestId);
            writer.WriteString("model", record.Model);
            writer.WriteString("scorer", record.Scorer);
            writer.WriteString("instruction", record.Instruction);
            writer.WriteStartArray("candidates");
            foreach (var candidate in record.Candidates)
            {
                WriteCandidate(writer, candidate);
            }

            writer.WriteEndArray();
            writer.WriteNumber("chosen_index", record.ChosenIndex);
            writer.WriteString("outcome", record.Outcome);
            writer.WritePropertyName("usage");
            WriteObjectOrNull(writer, record.Usage);
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private static void WriteCandidate(Utf8JsonWriter writer, CapturedCandidate candidate)
    {
        writer.WriteStartObject();
        writer.WriteString("text", candidate.Text);
        // JSON has no NaN or infinity, so a non-finite score from a broken model is written as null.
        if (candidate.Score is { } score && float.IsFinite(score))
        {
            writer.WriteNumber("score", score);
        }
        else
        {
            writer.WriteNull("score");
        }

        writer.WriteString("finish_reason", candidate.FinishReason);
        if (candidate.Usage is not null)
        {
            writer.WritePropertyName("usage");
            candidate.Usage.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteObjectOrNull(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonObject? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
