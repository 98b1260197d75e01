"use client";
// Custom React Flow nodes, one per kind, memoised and defined at module scope
// (so React Flow never remounts them): icon, environment colour, criticality,
// status, temporary marker, overlay marker.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { Boxes, Clock, Cpu, Database, Globe, HardDrive, KeyRound, Layers, Network, Package, Server, ShieldCheck, User, Workflow, type LucideIcon } from "lucide-react";
import { memo } from "react";
import type { GraphNode, NodeKind } from "@/lib/graph/types";

export type FlowNodeData = GraphNode & {
  /** on the highlighted path (a "can" answer) */
  onPath: boolean;
  /** something is highlighted and this node is not part of it */
  dim: boolean;
};
export type FlowNode = Node<FlowNodeData, NodeKind>;

export const nodeSize: Record<NodeKind, { width: number; height: number }> = {
  client: { width: 210, height: 52 },
  profile: { width: 220, height: 52 },
  scope: { width: 210, height: 40 },
  resource: { width: 210, height: 52 },
  group: { width: 220, height: 56 },
};

const clientIcons: Record<string, LucideIcon> = { human: User, pipeline: Workflow, job: Clock, service: Server, key: KeyRound };
const resourceIcons: Record<string, LucideIcon> = { database: Database, compute: Cpu, storage: HardDrive, network: Network, cluster: Boxes, ingress: Globe };

/** Environment colour: the left border. */
const envBorder = (env: string | null, isProtected: boolean) =>
  env === "prod" || isProtected
    ? "border-l-rose-500"
    : env === "staging"
      ? "border-l-amber-500"
      : env === "dev"
        ? "border-l-emerald-500"
        : "border-l-slate-400 dark:border-l-slate-600";

const critClass: Record<string, string> = {
  critical: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300",
  high: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  medium: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
  low: "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

function Shell({ data, selected, icon: Icon, children }: { data: FlowNodeData; selected: boolean; icon: LucideIcon; children?: React.ReactNode }) {
  const ring = selected
    ? "ring-2 ring-sky-500"
    : data.onPath
      ? "ring-2 ring-sky-400"
      : data.overlay === "added"
        ? "ring-2 ring-emerald-500"
        : data.overlay === "removed"
          ? "ring-2 ring-rose-500"
          : "";
  const inactive = data.status === "suspended" || data.status === "disabled" || data.status === "expired";
  return (
    <div
      className={`flex h-full w-full items-center gap-2 rounded-md border border-l-4 border-slate-300 bg-white px-2 text-left text-xs text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${envBorder(data.environment, data.protected)} ${ring} ${data.dim ? "opacity-30" : ""} ${inactive ? "bg-slate-100 dark:bg-slate-800" : ""}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-slate-400" />
      <Icon aria-hidden className="h-4 w-4 shrink-0 text-slate-500 dark:text-slate-400" />
      <div className="min-w-0 flex-1">
        <div className={`truncate font-medium ${inactive ? "line-through decoration-slate-400" : ""}`} title={data.label}>
          {data.label}
        </div>
        <div className="flex items-center gap-1 truncate text-[10px] text-slate-500 dark:text-slate-400">{children}</div>
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} className="!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-slate-400" />
    </div>
  );
}

const Tag = ({ className, children }: { className: string; children: React.ReactNode }) => <span className={`rounded px-1 leading-4 ${className}`}>{children}</span>;

function statusTag(status: string | null) {
  if (!status || status === "active") return null;
  return <Tag className="bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300">{status}</Tag>;
}

export const ClientNode = memo(function ClientNode({ data, selected }: NodeProps<FlowNode>) {
  return (
    <Shell data={data} selected={selected} icon={clientIcons[data.detail] ?? User}>
      <span>{data.detail}</span>
      {data.domain ? <span>· {data.domain}</span> : null}
      {statusTag(data.status)}
    </Shell>
  );
});

export const ProfileNode = memo(function ProfileNode({ data, selected }: NodeProps<FlowNode>) {
  return (
    <Shell data={data} selected={selected} icon={Package}>
      <span className="truncate">{data.detail}</span>
      {data.environment ? <span>· {data.environment}</span> : null}
      {data.temporary ? <Tag className="bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300">expires</Tag> : null}
      {statusTag(data.status)}
    </Shell>
  );
});

export const ScopeNode = memo(function ScopeNode({ data, selected }: NodeProps<FlowNode>) {
  return (
    <Shell data={data} selected={selected} icon={ShieldCheck}>
      <span>{data.environment}</span>
    </Shell>
  );
});

export const ResourceNode = memo(function ResourceNode({ data, selected }: NodeProps<FlowNode>) {
  return (
    <Shell data={data} selected={selected} icon={resourceIcons[data.detail] ?? Server}>
      <span>{data.environment}</span>
      <span>· {data.detail}</span>
      {data.criticality ? <Tag className={critClass[data.criticality] ?? critClass.low!}>{data.criticality}</Tag> : null}
    </Shell>
  );
});

export const GroupNode = memo(function GroupNode({ data, selected }: NodeProps<FlowNode>) {
  return (
    <Shell data={data} selected={selected} icon={Layers}>
      <span>{data.detail}</span>
      <span>· select to open</span>
    </Shell>
  );
});

/** Module scope: a new object on each render would remount every node. */
export const nodeTypes = { client: ClientNode, profile: ProfileNode, scope: ScopeNode, resource: ResourceNode, group: GroupNode };
