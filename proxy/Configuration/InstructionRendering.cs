namespace Cappy.Proxy.Configuration;

/// <summary>How a chat conversation becomes the scorer's instruction text.</summary>
internal enum InstructionRendering
{
    /// <summary>The text of the last <c>user</c> message.</summary>
    LastUserMessage,

    /// <summary>Every message as <c>role: text</c> lines, in order.</summary>
    Conversation,
}
