namespace Fluence.Kernel.Particles;

/// <summary>
/// Where an argument of a service call came from: the peer, service and function that produced it and the lens
/// applied to the result. AquaVM emits one list of tetraplets per argument.
/// </summary>
public sealed record SecurityTetraplet(string PeerPk, string ServiceId, string FunctionName, string Lens);
