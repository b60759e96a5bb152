using WsProxyLab.Peers.Docker;
using WsProxyLab.Peers.Targets;

namespace WsProxyLab.Peers.Tests;

public sealed class ContainerOwnershipTests(PeerLab lab)
{
    [Fact]
    public void IsOwnerAlive_KnowsThisProcess_AndNotAGoneOrMalformedOne()
    {
        Assert.True(ContainerOwnership.IsOwnerAlive(ContainerOwnership.CurrentOwner));
        Assert.False(ContainerOwnership.IsOwnerAlive("999999999:1"));
        Assert.False(ContainerOwnership.IsOwnerAlive($"{Environment.ProcessId}:1"));
        Assert.False(ContainerOwnership.IsOwnerAlive("not-a-pid"));
    }

    [Fact]
    public async Task RemoveOrphans_RemovesTheLabContainersWhoseOwnerIsGone()
    {
        var cancellationToken = TestTimeouts.CreateTimer(TimeSpan.FromSeconds(90));
        await using var target = await lab.StartAsync(TargetKind.NginxContainer);
        var (engine, whyNot) = await DockerEngine.ConnectAsync(cancellationToken);
        Assert.True(engine is not null, whyNot);
        using (engine)
        {
            var untouched = await ContainerOwnership.RemoveOrphansAsync(engine, cancellationToken);
            Assert.DoesNotContain(target.ContainerId, untouched);
            Assert.True(await engine.ContainerExistsAsync(target.ContainerId!, cancellationToken));

            // As if its owner had been killed (other tests of this process keep theirs).
            var removed = await ContainerOwnership.RemoveOrphansAsync(engine, (id, _) => id == target.ContainerId, cancellationToken);

            Assert.Contains(target.ContainerId, removed);
            Assert.False(await engine.ContainerExistsAsync(target.ContainerId!, cancellationToken));
        }
    }
}
