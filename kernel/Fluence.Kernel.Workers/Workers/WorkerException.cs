namespace Fluence.Kernel.Workers;

/// <summary>A worker operation that cannot be done (unknown worker, duplicate deal, wrong state); the message is for the caller.</summary>
public sealed class WorkerException(string message) : Exception(message);
