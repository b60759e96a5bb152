using System.Globalization;

namespace WsProxyLab.Bench;

/// <summary>
/// nginx as the seed teaches it for WebSockets: HTTP/1.1 to the upstream, <c>Upgrade</c> and <c>Connection</c> set by
/// hand through the usual <c>map</c>, <c>proxy_buffering off</c>, long read and send timeouts; 2 workers as on this
/// machine's 2 cores, with enough connections per worker for the benchmark's tunnels (each takes two).
/// </summary>
internal static class NginxConfig
{
    public static string Render(string prefix, int listenPort, Uri backend, int workerProcesses, int workerConnections) => string.Create(CultureInfo.InvariantCulture, $$"""
        worker_processes {{workerProcesses}};
        daemon off;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log warn;
        worker_rlimit_nofile {{workerConnections + 100}};

        events {
            worker_connections {{workerConnections}};
        }

        http {
            access_log off;
            client_body_temp_path {{prefix}}/client_body;
            proxy_temp_path {{prefix}}/proxy;

            map $http_upgrade $connection_upgrade {
                default upgrade;
                ''      close;
            }

            upstream backend {
                server {{backend.Authority}};
            }

            server {
                listen 127.0.0.1:{{listenPort}};

                location / {
                    proxy_pass http://backend;
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header Host $host;
                    proxy_read_timeout 3600s;
                    proxy_send_timeout 3600s;
                    proxy_buffering off;
                }
            }
        }
        """);
}
