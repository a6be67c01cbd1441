namespace Cappy.UpstreamSimulator.CommandLine;

/// <summary>The text printed by <c>--help</c>.</summary>
internal static class HelpText
{
    public const string Value = """
        upstream-simulator: an OpenAI-compatible server for tests, demos and benchmarks.
        It serves /v1/chat/completions and /v1/completions from stored candidate outputs
        or generated text, and /v1/embeddings with small deterministic vectors.

        Usage: upstream-simulator [options]

        Options:
          --urls URLS          addresses to listen on, separated by ';' (default http://localhost:5000)
          --environment NAME   ASP.NET Core environment name (default Production)
          --candidates FILE    JSON Lines file of {"instruction", "candidates": [{"output"}]} records;
                               a prompt equal to an instruction gets its outputs in file order,
                               any other prompt gets generated text (default: none)
          --n-mode MODE        how the n parameter is treated (default honor):
                                 honor   return n choices, as vLLM does
                                 ignore  return one choice, as Ollama and TGI do
                                 reject  fail with HTTP 500 when n is not 1, as older llama.cpp does
          --latency-ms MS      delay before every /v1 response, in milliseconds; stream chunks
                               are spaced by 1/20 of it (default 0)
          --fail-rate P        probability from 0 to 1 that a valid chat or completions request
                               fails with HTTP 500 (default 0)
          --fail-every N       fail every Nth valid chat or completions request with HTTP 500;
                               0 turns it off (default 0)
          --seed N             seed of failure sampling, generated text and logprobs (default 0)
          --model NAME         model name reported when a request names none (default simulated-model)
          -h, --help           print this help and exit

        Control endpoints: GET /sim/stats returns request counters, POST /sim/reset clears the
        counters and the per-instruction cursors.
        Exit codes: 0 after a normal stop or --help, 2 for invalid arguments.
        """;
}
