/**
 * ClusterIP and NodePort allocation for Services when vkube runs without a host (with a host, the
 * syncer creates the host Service first and the virtual one keeps the host's addresses).
 * The allocator is in memory and rebuilt from the stored Services at start.
 */
import { isPlainObject, type KubeObject } from '../object.js';

export interface ServiceAddressOptions {
  /** IPv4 CIDR of the service network, e.g. 10.96.0.0/12. */
  serviceCidr: string;
  nodePortRange: [number, number];
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export class ServiceAddressAllocator {
  private readonly usedIps = new Set<number>();
  private readonly usedPorts = new Set<number>();
  private readonly base: number;
  private readonly size: number;

  constructor(private readonly options: ServiceAddressOptions) {
    const [addr, bits] = options.serviceCidr.split('/');
    this.size = 2 ** (32 - Number(bits));
    this.base = ipToInt(addr!) - (ipToInt(addr!) % this.size);
  }

  /** The first address of the range (upstream reserves it for the `kubernetes` Service). */
  get kubernetesServiceIp(): string {
    return intToIp(this.base + 1);
  }

  contains(ip: string): boolean {
    const n = ipToInt(ip);
    return n > this.base && n < this.base + this.size - 1;
  }

  /** Marks the addresses of an existing Service as used. Returns what conflicts, if anything. */
  reserve(service: KubeObject): void {
    for (const ip of clusterIpsOf(service)) if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) this.usedIps.add(ipToInt(ip));
    for (const port of nodePortsOf(service)) this.usedPorts.add(port);
  }

  release(service: KubeObject): void {
    for (const ip of clusterIpsOf(service)) if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) this.usedIps.delete(ipToInt(ip));
    for (const port of nodePortsOf(service)) this.usedPorts.delete(port);
  }

  releaseAddresses(ips: string[], ports: number[]): void {
    for (const ip of ips) this.usedIps.delete(ipToInt(ip));
    for (const port of ports) this.usedPorts.delete(port);
  }

  isIpTaken(ip: string): boolean {
    return this.usedIps.has(ipToInt(ip));
  }

  isPortTaken(port: number): boolean {
    return this.usedPorts.has(port);
  }

  allocateIp(): string {
    // Random probing keeps allocation O(1) on average and spreads addresses like upstream's bitmap.
    for (let i = 0; i < 64; i++) {
      const candidate = this.base + 2 + Math.floor(Math.random() * (this.size - 3));
      if (!this.usedIps.has(candidate)) {
        this.usedIps.add(candidate);
        return intToIp(candidate);
      }
    }
    for (let n = this.base + 2; n < this.base + this.size - 1; n++) {
      if (!this.usedIps.has(n)) {
        this.usedIps.add(n);
        return intToIp(n);
      }
    }
    throw new Error('range is full');
  }

  allocatePort(): number {
    const [lo, hi] = this.options.nodePortRange;
    for (let i = 0; i < 64; i++) {
      const candidate = lo + Math.floor(Math.random() * (hi - lo + 1));
      if (!this.usedPorts.has(candidate)) {
        this.usedPorts.add(candidate);
        return candidate;
      }
    }
    for (let p = lo; p <= hi; p++) {
      if (!this.usedPorts.has(p)) {
        this.usedPorts.add(p);
        return p;
      }
    }
    throw new Error('range is full');
  }
}

function clusterIpsOf(service: KubeObject): string[] {
  const spec = isPlainObject(service.spec) ? service.spec : {};
  const ips = new Set<string>();
  if (typeof spec.clusterIP === 'string') ips.add(spec.clusterIP);
  if (Array.isArray(spec.clusterIPs)) for (const ip of spec.clusterIPs) if (typeof ip === 'string') ips.add(ip);
  return [...ips];
}

function nodePortsOf(service: KubeObject): number[] {
  const spec = isPlainObject(service.spec) ? service.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  return ports.map((p) => (isPlainObject(p) && typeof p.nodePort === 'number' ? p.nodePort : 0)).filter((p) => p > 0);
}
