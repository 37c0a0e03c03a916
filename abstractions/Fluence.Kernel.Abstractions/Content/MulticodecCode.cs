namespace Fluence.Kernel.Content;

/// <summary>Content codecs of CIDv1 the kernel reads and writes.</summary>
public enum MulticodecCode : ulong
{
    Raw = 0x55,
    DagPb = 0x70,
    DagJson = 0x0129,
    Json = 0x0200,
}
