/** @type {import('next').NextConfig} */
const nextConfig = {
  // dockerode and its ssh2/grpc transports hold the Docker socket: they must stay
  // server-side Node modules, never bundled.
  serverExternalPackages: ["dockerode", "docker-modem", "ssh2", "cpu-features", "tar-stream"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
