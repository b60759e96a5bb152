using Microsoft.AspNetCore.Connections.Features;
using WsProxyLab.Proxy.Transport;

namespace WsProxyLab.Proxy.Tests;

public sealed class ConnectionFeatureCollectionTests
{
    private sealed class Connection : IConnectionIdFeature, IConnectionItemsFeature
    {
        public string ConnectionId { get; set; } = "own";

        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }

    private sealed class OtherIdFeature : IConnectionIdFeature
    {
        public string ConnectionId { get; set; } = "added";
    }

    private interface IAddedFeature;

    private sealed class AddedFeature : IAddedFeature;

    private static readonly Type[] Own = [typeof(IConnectionIdFeature), typeof(IConnectionItemsFeature)];

    [Fact]
    public void OwnFeatures_AreTheConnection_AndOthersAreAbsentUntilSet()
    {
        var connection = new Connection();
        var features = new ConnectionFeatureCollection(connection, Own);
        var added = new AddedFeature();
        var before = features.Get<IAddedFeature>();
        var revisionBefore = features.Revision;
        features.Set<IAddedFeature>(added);

        Assert.Same(connection, features.Get<IConnectionIdFeature>());
        Assert.Same(connection, features[typeof(IConnectionItemsFeature)]);
        Assert.Null(before);
        Assert.Same(added, features.Get<IAddedFeature>());
        Assert.True(features.Revision > revisionBefore);
    }

    [Fact]
    public void SettingAnOwnFeature_OverridesIt_AndNullHidesIt()
    {
        var connection = new Connection();
        var features = new ConnectionFeatureCollection(connection, Own);
        var other = new OtherIdFeature();

        features.Set<IConnectionIdFeature>(other);
        var overridden = features.Get<IConnectionIdFeature>();
        features.Set<IConnectionItemsFeature>(null);

        Assert.Same(other, overridden);
        Assert.Null(features.Get<IConnectionItemsFeature>());
        Assert.Equal([typeof(IConnectionIdFeature)], features.Select(feature => feature.Key));
        Assert.Same(other, features.Single().Value);
    }
}
