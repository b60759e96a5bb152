using Microsoft.Extensions.Options;

namespace WsProxyLab.Backends.Hosting;

/// <summary>Reports every invalid backend setting at once, each with the accepted range.</summary>
internal sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var errors = new List<string>();
        var section = BackendOptions.SectionName;

        if (options.MaxMessageBytes is < 1 or > 64 * 1024 * 1024)
        {
            errors.Add($"{section}:MaxMessageBytes is {options.MaxMessageBytes}; set it between 1 and 67108864 (64 MiB).");
        }

        if (options.ChatReplayCapacity is < 0 or > 1_000_000)
        {
            errors.Add($"{section}:ChatReplayCapacity is {options.ChatReplayCapacity}; set it between 0 and 1000000.");
        }

        if (options.ChatSendQueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add($"{section}:ChatSendQueueCapacity is {options.ChatSendQueueCapacity}; set it between 1 and 1000000.");
        }

        if (options.ChatSessionRetention < TimeSpan.Zero)
        {
            errors.Add($"{section}:ChatSessionRetention is {options.ChatSessionRetention}; set it to zero or a positive time span.");
        }

        if (options.KeepAliveInterval < TimeSpan.Zero)
        {
            errors.Add($"{section}:KeepAliveInterval is {options.KeepAliveInterval}; set it to zero (off) or a positive time span.");
        }

        if (options.CloseTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:CloseTimeout is {options.CloseTimeout}; set it to a positive time span.");
        }

        if (options.InstanceId is { } id && (id.Length > 64 || id.Any(char.IsControl)))
        {
            errors.Add($"{section}:InstanceId '{id}' must be at most 64 printable characters.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
