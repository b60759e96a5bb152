using SharpFuzz;
using WsProxyLab.Fuzz;

// Run by fuzz/run under afl-fuzz, with WsProxyLab.Proxy.dll instrumented by the sharpfuzz tool.
Action<Stream>? target = args switch
{
    ["frames"] => FuzzTargets.Frames,
    ["head"] => FuzzTargets.Head,
    _ => null,
};
if (target is null)
{
    Console.Error.WriteLine($"error: unknown target '{string.Join(' ', args)}'; give one of: frames, head");
    return 2;
}

Fuzzer.OutOfProcess.Run(target);
return 0;
