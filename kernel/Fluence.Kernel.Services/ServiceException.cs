namespace Fluence.Kernel.Services;

/// <summary>A refused or failed module/blueprint/service operation; the message is what AIR sees as the call's error.</summary>
public sealed class ServiceException(string message, Exception? inner = null) : Exception(message, inner);
