namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// What the archive reader failed on, carried by its <see cref="InterpreterDataException"/> so that AquaVM's text for it
/// can be worked out once a read has failed: <see cref="Kind"/> is "text" (not UTF-8) or the kind of an unknown tag
/// ("trace state", "call result", "sender", "value", "canon result", "provenance"), <see cref="At"/> its offset.
/// </summary>
internal readonly record struct ArchiveFailure(string Kind, int At, byte Tag = 0)
{
    public const string Text = "text";
}
