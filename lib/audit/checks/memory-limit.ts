import { formatSize } from "../format";
import type { Check } from "../types";

/** `HostConfig.Memory` > 0 (0 is unlimited). `MemorySwap` -1 (unlimited swap) is noted. CIS 5.11. */
export const memoryLimit: Check = {
  id: "memory-limit",
  title: "Memory limit set",
  defaultSeverity: "medium",
  cis: "5.11",
  description:
    "Without a limit one container can take all the host's memory and push the kernel into killing other workloads. A limit confines a leak or an attack to that container.",
  remediation: { dockerRun: "--memory 256m", compose: "mem_limit: 256m" },
  evaluate(s) {
    const evidence = { "HostConfig.Memory": s.memoryBytes, "HostConfig.MemorySwap": s.memorySwapBytes };
    if (s.memoryBytes > 0) {
      const swap = s.memorySwapBytes === -1 ? " (swap unlimited)" : "";
      return { status: "pass", message: `memory limited to ${formatSize(s.memoryBytes)}${swap}`, evidence };
    }
    return { status: "fail", message: "no memory limit", evidence };
  },
};
