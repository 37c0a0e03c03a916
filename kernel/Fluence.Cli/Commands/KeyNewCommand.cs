using System.CommandLine;
using Fluence.Kernel.Identity;

namespace Fluence.Cli.Commands;

/// <summary><c>fluence key new</c>: a fresh Ed25519 key pair, in the forms Fluence tools read.</summary>
internal static class KeyNewCommand
{
    public static Command Create()
    {
        var command = new Command("new", "Generate an Ed25519 key pair and print its peer id and seed (base64 for Peer:SecretKey, base58 for js-client).");
        command.SetAction(_ => Run(Console.Out));
        return command;
    }

    public static int Run(TextWriter output)
    {
        using var key = KeyPair.Generate();
        output.WriteLine($"Peer id: {key.PeerId}");
        output.WriteLine($"Secret key (base64): {key.ToBase64()}");
        output.WriteLine($"Secret key (base58): {key.ToBase58()}");
        return ExitCodes.Success;
    }
}
