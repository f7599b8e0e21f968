import type { ContainerConfiguration } from "@/lib/api-types";
import { formatSize } from "@/lib/audit/format";
import { tmpfsFlags as effectiveTmpfsFlags } from "@/lib/audit/tmpfs-options";
import type { Mount } from "@/lib/audit/types";
import { describeBacking } from "@/lib/audit/volume-backing";
import { ScrollRegion } from "../scroll-region";

export interface ConfigurationPanelProps {
  configuration: ContainerConfiguration;
}

const SECTION = "rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs";
const HEADING = "mb-2 text-sm font-semibold text-slate-900";

/** The user, mounts, capabilities and security options behind the checks, as the engine has them. */
export function ConfigurationPanel({ configuration }: ConfigurationPanelProps) {
  const { user, capabilities } = configuration;
  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <section aria-labelledby="config-user" className={SECTION} data-testid="config-user">
        <h3 id="config-user" className={HEADING}>
          User and root filesystem
        </h3>
        <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-xs">
          <dt className="text-slate-500">
            <code>Config.User</code>
          </dt>
          <dd data-testid="config-user-configured" className="font-mono text-slate-800">
            {user.configured === "" ? <span className="text-slate-500">(not set)</span> : user.configured}
          </dd>
          <dt className="text-slate-500">Runs as</dt>
          <dd data-testid="config-user-uid" className="text-slate-800">
            {user.uid === null ? "unknown uid" : `uid ${user.uid}${user.uid === 0 ? " (root)" : ""}`}
            <span className="text-slate-500"> — {user.note}</span>
          </dd>
          <dt className="text-slate-500">
            <code>ReadonlyRootfs</code>
          </dt>
          <dd data-testid="config-readonly-rootfs" className="font-mono text-slate-800">
            {String(configuration.readonlyRootfs)}
          </dd>
          <dt className="text-slate-500">
            <code>Privileged</code>
          </dt>
          <dd className="font-mono text-slate-800">{String(configuration.privileged)}</dd>
        </dl>
        <h3 className="mt-4 mb-2 text-sm font-semibold text-slate-900">Security options</h3>
        {configuration.securityOpt.length === 0 ? (
          <p data-testid="config-security-opt" className="text-xs text-slate-500">
            None (<code>HostConfig.SecurityOpt</code> is empty: the engine's default seccomp profile, no
            no-new-privileges).
          </p>
        ) : (
          <ul data-testid="config-security-opt" className="flex flex-wrap gap-1.5">
            {configuration.securityOpt.map((option) => (
              <li
                key={option}
                className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-800"
              >
                {option}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="config-caps" className={SECTION} data-testid="config-capabilities">
        <h3 id="config-caps" className={HEADING}>
          Capabilities
        </h3>
        <p className="mb-2 text-xs text-slate-600">
          {configuration.privileged
            ? "Privileged: the process gets every capability, whatever CapAdd and CapDrop say."
            : "What the process gets: the engine's default set, minus CapDrop, plus CapAdd."}
        </p>
        <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-2 text-xs">
          <dt className="text-slate-500">Effective</dt>
          <dd>
            <CapabilityList testId="effective-capabilities" names={capabilities.effective} empty="none" />
          </dd>
          <dt className="text-slate-500">
            <code>CapDrop</code>
          </dt>
          <dd>
            <CapabilityList testId="cap-drop" names={capabilities.drop} empty="nothing dropped" />
          </dd>
          <dt className="text-slate-500">
            <code>CapAdd</code>
          </dt>
          <dd>
            <CapabilityList testId="cap-add" names={capabilities.add} empty="nothing added" />
          </dd>
          <dt className="text-slate-500">Engine default set</dt>
          <dd>
            <ul data-testid="engine-default-capabilities" className="flex flex-wrap gap-1">
              {capabilities.engineDefault.map((name) => {
                const kept = capabilities.effective.includes(name);
                return (
                  <li
                    key={name}
                    data-capability={name}
                    data-kept={kept}
                    title={kept ? `${name}: kept` : `${name}: dropped`}
                    className={`rounded px-1.5 py-0.5 font-mono text-[11px] ${kept ? "bg-amber-50 text-amber-900" : "bg-slate-50 text-slate-500 line-through"}`}
                  >
                    {name}
                  </li>
                );
              })}
            </ul>
            <p className="mt-1 text-[11px] text-slate-500">
              Struck through: dropped here. The engine applies this set to every container that does not drop
              it.
            </p>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="config-mounts" className={`${SECTION} lg:col-span-2`}>
        <h3 id="config-mounts" className={HEADING}>
          Mounts
        </h3>
        <MountTable mounts={configuration.mounts} />
      </section>
    </div>
  );
}

function CapabilityList({
  names,
  empty,
  testId,
}: {
  names: readonly string[];
  empty: string;
  testId: string;
}) {
  if (names.length === 0) {
    return (
      <span data-testid={testId} className="text-slate-500">
        {empty}
      </span>
    );
  }
  return (
    <ul data-testid={testId} className="flex flex-wrap gap-1">
      {names.map((name) => (
        <li
          key={name}
          data-capability={name}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-800"
        >
          {name}
        </li>
      ))}
    </ul>
  );
}

function mountSource(mount: Mount): string {
  switch (mount.type) {
    case "bind":
      return mount.source;
    case "volume": {
      const name = mount.anonymous ? `${mount.name} (anonymous)` : mount.name;
      const backing = mount.backing ?? { kind: "storage" };
      return backing.kind === "storage" ? name : `${name}: ${describeBacking(backing)}`;
    }
    case "tmpfs":
      return "tmpfs (memory)";
    case "other":
      return mount.engineType;
  }
}

/** The mount's type, and for a volume that is really something else, what it is in effect. */
function mountType(mount: Mount): string {
  if (mount.type === "other") return mount.engineType;
  if (mount.type === "volume") {
    const kind = mount.backing?.kind ?? "storage";
    if (kind === "bind" || kind === "tmpfs") return `volume → ${kind}`;
    if (kind === "filesystem" && mount.backing?.kind === "filesystem")
      return `volume → ${mount.backing.fsType}`;
  }
  return mount.type;
}

/** Kind by effect, for tests and styling: `bind`, `tmpfs`, `volume`, `filesystem`, … */
function effectiveKind(mount: Mount): string {
  if (mount.type !== "volume") return mount.type;
  const kind = mount.backing?.kind ?? "storage";
  return kind === "storage" ? "volume" : kind;
}

function tmpfsFlags(mount: Mount): string {
  if (mount.type === "volume" && mount.backing?.kind === "tmpfs") {
    const f = effectiveTmpfsFlags(mount.backing.options, "none");
    const flags = [f.noexec ? "noexec" : "exec", f.nosuid ? "nosuid" : "suid", f.nodev ? "nodev" : "dev"];
    return `${flags.join(",")} · size ${formatSize(f.size)} (volume: no engine defaults)`;
  }
  if (mount.type !== "tmpfs") return "—";
  const flags = [
    mount.noexec ? "noexec" : "exec",
    mount.nosuid ? "nosuid" : "suid",
    mount.nodev ? "nodev" : "dev",
  ];
  return `${flags.join(",")} · size ${formatSize(mount.size)}`;
}

function MountTable({ mounts }: { mounts: readonly Mount[] }) {
  if (mounts.length === 0) {
    return (
      <p data-testid="mount-table" className="text-xs text-slate-500">
        No mounts: everything the process writes goes to the root filesystem.
      </p>
    );
  }
  return (
    <ScrollRegion label="Mounts">
      <table data-testid="mount-table" className="w-full text-left text-xs">
        <caption className="sr-only">Mounts of this container</caption>
        <thead className="text-[11px] uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              Type
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Source
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Destination
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Mode
            </th>
            <th scope="col" className="py-1 font-medium">
              tmpfs flags
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 font-mono text-[11px]">
          {mounts.map((mount) => (
            <tr
              key={mount.destination}
              data-testid="mount-row"
              data-destination={mount.destination}
              data-kind={effectiveKind(mount)}
            >
              <td className="py-1.5 pr-3 text-slate-700">{mountType(mount)}</td>
              <td data-testid="mount-source" className="py-1.5 pr-3 break-all text-slate-800">
                {mountSource(mount)}
              </td>
              <th scope="row" className="py-1.5 pr-3 text-left font-normal break-all text-slate-800">
                {mount.destination}
              </th>
              <td
                data-testid="mount-mode"
                className={`py-1.5 pr-3 ${mount.rw ? "text-red-700" : "text-emerald-700"}`}
              >
                {mount.rw ? "rw" : "ro"}
              </td>
              <td data-testid="mount-tmpfs" className="py-1.5 text-slate-700">
                {tmpfsFlags(mount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
