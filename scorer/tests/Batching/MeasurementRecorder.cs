using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cappy.Scorer.Batching;

namespace Cappy.Scorer.Tests.Batching;

/// <summary>
/// Listens to the <c>Cappy.Scorer</c> meter and keeps the measurements labelled with one scorer name, so tests
/// running other pipelines at the same time do not disturb it.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _scorerName;
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();

    public MeasurementRecorder(string scorerName)
    {
        _scorerName = scorerName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PipelineMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The recorded values of one instrument, in recording order.</summary>
    public IReadOnlyList<double> Values(string instrument) =>
        _measurements.Where(measurement => measurement.Instrument == instrument).Select(measurement => measurement.Value).ToArray();

    /// <summary>Reads the observable instruments now, adding their current values to the record.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == PipelineMetrics.ScorerTag && Equals(tag.Value, _scorerName))
            {
                _measurements.Enqueue((instrument.Name, value));
                return;
            }
        }
    }
}
