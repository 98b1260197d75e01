"use client";
// Custom React Flow nodes, one per kind, memoised and defined at module scope
// (so React Flow never remounts them): icon, environment colour, criticality,
// status, temporary marker, overlay marker; zoomed out, a plain coloured block
// (./level-of-detail.ts).
import { Handle, Position, type Node, type NodeHandle, type NodeProps } from "@xyflow/react";
import { Boxes, Clock, Cpu, Database, Globe, HardDrive, KeyRound, Layers, Network, Package, Server, ShieldCheck, User, Workflow, type LucideIcon } from "lucide-react";
import { memo, useContext, type ComponentType } from "react";
import type { GraphNode, NodeKind } from "@/lib/graph/types";
import { FarContext } from "./level-of-detail";

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

/**
 * Where each kind's handles are (the 6 px dots below: target mid-left, source
 * mid-right). Declared, React Flow can draw edges and cull nodes before it has
 * measured them; otherwise it renders every node once just to find its handles.
 */
const handleSize = 6;
export const nodeHandles = Object.fromEntries(
  Object.entries(nodeSize).map(([kind, { width, height }]) => [
    kind,
    [
      { type: "target", position: Position.Left, x: -handleSize / 2, y: height / 2 - handleSize / 2, width: handleSize, height: handleSize },
      { type: "source", position: Position.Right, x: width - handleSize / 2, y: height / 2 - handleSize / 2, width: handleSize, height: handleSize },
    ],
  ]),
) as Record<NodeKind, NodeHandle[]>;

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

// 6 px dots, where nodeHandles says they are
const handleClass = "!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-slate-400";
const TargetHandle = () => <Handle type="target" position={Position.Left} isConnectable={false} className={handleClass} />;
const SourceHandle = () => <Handle type="source" position={Position.Right} isConnectable={false} className={handleClass} />;

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
  const inactive = isCut(data.status);
  return (
    <div
      // font sized in flow units so that it is never under 12 px on screen (./readable-text.tsx)
      style={{ fontSize: "max(12px, calc(12px / var(--graph-zoom, 1)))" }}
      className={`flex h-full w-full items-center gap-2 rounded-md border border-l-4 border-slate-300 bg-white px-2 text-left leading-tight text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${envBorder(data.environment, data.protected)} ${ring} ${data.dim ? "opacity-30" : ""} ${inactive ? "border-dashed bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300" : ""}`}
    >
      <TargetHandle />
      <Icon aria-hidden className="h-4 w-4 shrink-0 text-slate-600 dark:text-slate-400" />
      <div className="min-w-0 flex-1">
        <div className={`truncate font-medium ${inactive ? "line-through decoration-slate-400" : ""}`} title={data.label}>
          {data.label}
        </div>
        <div className="flex items-center gap-1 truncate text-slate-600 dark:text-slate-300 [[data-compact]_&]:hidden">{children}</div>
      </div>
      <SourceHandle />
    </div>
  );
}

const Tag = ({ className, children }: { className: string; children: React.ReactNode }) => <span className={`rounded px-1 leading-4 ${className}`}>{children}</span>;

/** Suspended or disabled clients and expired grants are cut: drawn dashed and muted, and labelled. */
export function isCut(status: string | null) {
  return status === "suspended" || status === "disabled" || status === "expired";
}

function statusTag(status: string | null) {
  if (!status || status === "active") return null;
  return <Tag className="bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300">{isCut(status) ? `cut: ${status}` : status}</Tag>;
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

/** A node's fill in the minimap, as a block and on the canvas layer: the selection and the path, a change's additions and removals, then the environment. */
export function nodeFill(data: FlowNodeData, selected = false) {
  if (selected || data.onPath) return "#0ea5e9";
  if (data.overlay === "added") return "#10b981";
  if (data.overlay === "removed") return "#f43f5e";
  if (data.environment === "prod" || data.protected) return "#fb7185";
  if (data.environment === "staging") return "#fbbf24";
  if (data.environment === "dev") return "#34d399";
  return "#94a3b8";
}

/**
 * Zoomed out past reading, every kind is drawn as this block: no text or
 * icon. The handles stay: React Flow measures a node when it mounts, and a
 * node without them would lose its emphasised edges. The wrapper React Flow
 * puts around it keeps the node's role, accessible name, focus and selection.
 */
function FarNode({ data, selected }: NodeProps<FlowNode>) {
  return (
    <div className="h-full w-full rounded-sm" style={{ background: nodeFill(data, selected), opacity: data.dim ? 0.3 : 1 }}>
      <TargetHandle />
      <SourceHandle />
    </div>
  );
}

/**
 * The level of detail comes from a context, not from the node's type: a type
 * change makes React Flow re-measure each node in its own store update, which
 * is quadratic when thousands of nodes switch at once.
 */
function levelled(Detailed: ComponentType<NodeProps<FlowNode>>) {
  return memo(function Levelled(props: NodeProps<FlowNode>) {
    return useContext(FarContext) ? <FarNode {...props} /> : <Detailed {...props} />;
  });
}

/** Module scope: a new object on each render would remount every node. */
export const nodeTypes = {
  client: levelled(ClientNode),
  profile: levelled(ProfileNode),
  scope: levelled(ScopeNode),
  resource: levelled(ResourceNode),
  group: levelled(GroupNode),
};
