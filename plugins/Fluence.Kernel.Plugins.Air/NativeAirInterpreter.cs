using System.Text.Json;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Execution;
using Fluence.Kernel.Plugins.Air.Syntax;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air;

/// <summary>
/// The native AIR interpreter: AquaVM 0.62's semantics and data format in C#, no Wasm (aquavm.md §1–3). Stateless
/// apart from the shared parse cache, so thread-safe.
/// </summary>
public sealed class NativeAirInterpreter : IAirInterpreter
{
    private static readonly IReadOnlyDictionary<uint, CallRequest> NoRequests = new Dictionary<uint, CallRequest>();

    private readonly AirParseCache _cache;
    private readonly TimeSpan _timeout;
    private readonly SigningKeyCache _keys = new();

    /// <param name="cache">Parse results shared by all invocations (the plugin registers one sized by <see cref="AirOptions"/>).</param>
    /// <param name="options">The invocation timeout; default <see cref="AirOptions"/>' own.</param>
    public NativeAirInterpreter(AirParseCache cache, IOptions<AirOptions>? options = null)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _timeout = (options?.Value ?? new AirOptions()).InvocationTimeout;
    }

    public string Name => "native";

    public string Version => InterpreterData.CurrentInterpreterVersion;

    public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Invoke(invocation, cancellationToken));
    }

    /// <summary>
    /// One invocation, synchronously. Throws <see cref="TimeoutException"/> when its folds run past the invocation
    /// timeout, <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stops it.
    /// </summary>
    public InterpreterOutcome Invoke(InterpreterInvocation invocation, CancellationToken cancellationToken = default)
    {
        var parameters = invocation.Parameters;
        var limits = SizeLimits.OfInput(invocation, out var limitError);
        if (limitError is not null)
            return Unchanged(invocation, AquaErrorCodes.SizeLimits, limitError);
        InterpreterOutcome outcome;
        try
        {
            outcome = Invoke(invocation, new ExecutionDeadline(_timeout, cancellationToken), ref limits);
        }
        catch (JsonException e)
        {
            // Stored values are parsed where they are used; only data can hold one that is not JSON (AquaVM panics on it:
            // "TODO handle error" in its raw_value.rs, verified).
            return Unchanged(invocation, AquaErrorCodes.DataDeserialization, $"a value stored in the data is not JSON: {e.Message}");
        }
        // No flag raised (the usual case): the outcome as it is, not a copy of it.
        return limits == default ? outcome : limits.Flag(outcome);
    }

    private InterpreterOutcome Invoke(InterpreterInvocation invocation, ExecutionDeadline deadline, ref SizeLimits limits)
    {
        var parameters = invocation.Parameters;
        AirInstruction root;
        try
        {
            root = _cache.Get(invocation.Air);
        }
        catch (AirParseException e)
        {
            return Unchanged(invocation, AquaErrorCodes.AirParse, "air can't be parsed:\n" + ParseErrorReport.Render(invocation.Air, e.Errors));
        }

        InterpreterData prev, current;
        try
        {
            // Only read from here on (execution builds new stores and a new trace), so empty data can be shared.
            prev = InterpreterDataCodec.DecodeForReading(invocation.PrevData, checkInterpreterVersion: false);
            current = InterpreterDataCodec.DecodeForReading(invocation.CurrentData, checkInterpreterVersion: true);
        }
        catch (InterpreterDataException e)
        {
            return Unchanged(invocation, e.ErrorCode, e.Message);
        }

        limits = limits.WithCallResults(invocation, out var limitError);
        if (limitError is not null)
            return Unchanged(invocation, AquaErrorCodes.SizeLimits, limitError);

        if (parameters.KeyFormat != 0 || parameters.SecretKey.Length != KeyPair.SeedLength)
            return Unchanged(invocation, AquaErrorCodes.MalformedKey, "malformed secret key: an Ed25519 seed of 32 bytes is required");

        var key = _keys.Get(parameters.SecretKey.Span);
        var signers = new SignerIds();
        if (!invocation.CurrentData.IsEmpty)
        {
            var problem = DataVerification.VerifyCids(current) ?? DataVerification.VerifyReferences(current);
            if (problem is not null)
                return Unchanged(invocation, AquaErrorCodes.CidStoreVerification, problem);
        }
        // prev_data's signers are checked even when current_data is empty, after current_data's stores, before its signatures.
        var signerProblem = DataVerification.VerifyPrevSigners(prev, signers);
        if (signerProblem is not null)
            return Unchanged(invocation, AquaErrorCodes.SignatureCheck, signerProblem);
        if (!invocation.CurrentData.IsEmpty)
        {
            var problem = DataVerification.VerifySignatures(current, parameters.ParticleId, signers, prev, key.PeerId.ToString())
                ?? DataVerification.CheckSignatureMerge(prev, current, signers);
            if (problem is not null)
            {
                return DataVerification.HasUnparsableTraceCid(current)
                    ? Unchanged(invocation, AquaErrorCodes.CidStoreVerification, CidParsing.Failure)
                    : Unchanged(invocation, AquaErrorCodes.SignatureCheck, problem);
            }
        }

        var execution = new AirExecution(prev, current, parameters, invocation.CallResults);
        long retCode = 0;
        var message = "";
        try
        {
            execution.Run(root, deadline);
        }
        catch (AirExecutionException e) when (e.IsCatchable)
        {
            retCode = e.Code;
            message = e.Message;
        }
        catch (AirExecutionException e)
        {
            return Unchanged(invocation, e.Code, e.Message);
        }

        var data = new InterpreterData
        {
            Trace = execution.Trace,
            LastCallRequestId = execution.LastCallRequestId,
            CidInfo = execution.Stores,
        };
        try
        {
            data.Signatures.AddRange(DataVerification.MergeSignatures(prev, current, data, key, parameters.ParticleId, execution.UnsignedCids, signers));
        }
        catch (InvalidOperationException e)
        {
            return Unchanged(invocation, 20018, "signing failed: " + e.Message);
        }

        if (retCode == 0 && invocation.CallResults.Count > 0 && execution.UnconsumedCallResults.ToArray() is { Length: > 0 } unconsumed)
        {
            retCode = AquaErrorCodes.UnprocessedCallResults;
            message = RustDebugText.UnprocessedCallResults(unconsumed.Order().Select(id => (id, invocation.CallResults[id])));
        }
        var nextPeers = execution.NextPeers.Count == 0 ? [] : execution.NextPeers.ToArray();
        // Requests showing a stored value are given a view of its text in the output (the input is the caller's).
        var located = execution.ValuesToLocate();
        var textOffsets = located.Length == 0 ? [] : new int[located.Length];
        // The inputs' size plus what this invocation adds (about 300 bytes per applied result: its value, three CIDs, the
        // service result and the state; about 50 per request), so the archive buffer rarely grows.
        var sizeHint = invocation.PrevData.Length + invocation.CurrentData.Length + 4096 + 320 * invocation.CallResults.Count + 64 * execution.CallRequests.Count;
        var output = InterpreterDataCodec.Encode(data, sizeHint, located, textOffsets);
        // The data is encoded: nothing reads its trace any more.
        execution.ReleaseTrace();
        execution.ViewArgumentsInOutput(output, textOffsets);
        return new InterpreterOutcome(retCode, message, output, nextPeers, execution.CallRequests);
    }

    private static InterpreterOutcome Unchanged(InterpreterInvocation invocation, long code, string message) =>
        new(code, message, invocation.PrevData.ToArray(), [], NoRequests);
}
