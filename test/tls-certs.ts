/**
 * Test TLS certificates made with openssl: a CA, a server certificate for 127.0.0.1/localhost and a client
 * certificate, as dockerd's `--tlsverify` and the docker CLI use them. EC P-256 keys, valid one day.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Paths of the files {@link makeTlsCerts} wrote. */
export interface TestTlsCerts {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** Writes a CA, a server and a client certificate under `dir`; `caName` sets the CA's subject. */
export function makeTlsCerts(dir: string, caName = "roaudit test CA"): TestTlsCerts {
  mkdirSync(dir, { recursive: true });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    dir,
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca-key.pem",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    `/CN=${caName}`,
  );
  writeFileSync(
    path.join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  writeFileSync(path.join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
  for (const who of ["server", "client"]) {
    openssl(dir, "req", ...ec, "-keyout", `${who}-key.pem`, "-out", `${who}.csr`, "-subj", `/CN=${who}`);
    openssl(
      dir,
      "x509",
      "-req",
      "-in",
      `${who}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca-key.pem",
      "-CAcreateserial",
      "-out",
      `${who}-cert.pem`,
      "-days",
      "1",
      "-extfile",
      `${who}.ext`,
    );
  }
  const at = (f: string) => path.join(dir, f);
  return {
    ca: at("ca.pem"),
    serverCert: at("server-cert.pem"),
    serverKey: at("server-key.pem"),
    clientCert: at("client-cert.pem"),
    clientKey: at("client-key.pem"),
  };
}
