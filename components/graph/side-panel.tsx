"use client";
// The side panel: the selected node (focus, expand/collapse, open a domain),
// "Can client C do action A on resource R?" with the named grants, a client's
// blast radius by environment, who can reach a resource, and — for admins —
// the emergency actions on a client.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { BlastRadius, CanAnswer, NamedGrant, WhoCanReach } from "@/lib/graph/queries";
import { graphKeys } from "@/lib/graph/query-keys";
import type { GraphNode } from "@/lib/graph/types";
import { fetchJson } from "@/lib/query/fetch-json";
import { IncidentActions } from "./incident-actions";
import { toolbarButton as button, toolbarField as field } from "./toolbar";
import { listOf, toggleIn, type GraphUrl } from "./use-graph-url";

const section = "border-b border-slate-200 p-3 dark:border-slate-800";
const h2 = "mb-2 text-sm font-semibold";

export function askParams(state: GraphUrl) {
  return state.askClient && state.askAction && state.askResource ? { client: state.askClient, action: state.askAction, resource: state.askResource, at: state.at ?? "" } : null;
}

export function useCanAnswer(state: GraphUrl) {
  const params = askParams(state);
  return useQuery({
    queryKey: graphKeys.can(params ?? {}),
    queryFn: () => fetchJson<CanAnswer>("/api/v1/access/can", params!),
    enabled: !!params,
  });
}

function GrantItem({ g }: { g: NamedGrant }) {
  return (
    <li className="rounded border border-slate-200 p-2 text-xs dark:border-slate-700">
      <div>
        via{" "}
        {g.via.kind === "binding" ? (
          <>
            <strong>binding</strong> <code className="text-[11px]">{g.via.id}</code>
            {g.via.expiresAt ? <span className="text-amber-700 dark:text-amber-300"> (temporary, until {new Date(g.via.expiresAt).toLocaleString()})</span> : null}
          </>
        ) : (
          <>
            <strong>claim rule</strong> {g.via.name}
          </>
        )}
      </div>
      <div>
        profile <strong>{g.profile.name}</strong> v{g.profile.version}
      </div>
      <div>
        scope <strong>{g.scope.name}</strong>
      </div>
    </li>
  );
}

function CanForm({ state, set, clientNames, actions, selected }: { state: GraphUrl; set: (p: GraphUrl) => void; clientNames: string[]; actions: string[]; selected: GraphNode | null }) {
  const [client, setClient] = useState(state.askClient ?? "");
  const [action, setAction] = useState(state.askAction ?? "write");
  const [resource, setResource] = useState(state.askResource ?? "");
  useEffect(() => {
    if (state.askClient) setClient(state.askClient);
    if (state.askAction) setAction(state.askAction);
    if (state.askResource) setResource(state.askResource);
  }, [state.askClient, state.askAction, state.askResource]);
  // selecting a client or a resource fills the question
  useEffect(() => {
    if (selected?.kind === "client") setClient(selected.label);
    if (selected?.kind === "resource") setResource(`${selected.environment}/${selected.label}`);
  }, [selected]);
  const answer = useCanAnswer(state);
  const a = answer.data;
  useEffect(() => {
    // show the path: focus on the client once the answer names it
    if (a?.client && state.focus !== `c:${a.client.id}`) set({ focus: `c:${a.client.id}`, sel: `c:${a.client.id}`, depth: "", expand: "", collapse: "" });
  }, [a]);
  return (
    <section className={section} aria-labelledby="can-heading">
      <h2 id="can-heading" className={h2}>
        Can a client do an action on a resource?
      </h2>
      <form
        className="grid gap-2 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          set({ askClient: client.trim(), askAction: action.trim(), askResource: resource.trim() });
        }}
      >
        <label className="grid gap-0.5">
          <span>Client to check</span>
          <input className={field} value={client} onChange={(e) => setClient(e.target.value)} list="graph-client-names" placeholder="ci-orders" required />
        </label>
        <label className="grid gap-0.5">
          <span>Action to check</span>
          <input className={field} value={action} onChange={(e) => setAction(e.target.value)} list="graph-actions" placeholder="write" required />
        </label>
        <label className="grid gap-0.5">
          <span>Resource to check</span>
          <input className={field} value={resource} onChange={(e) => setResource(e.target.value)} placeholder="prod/orders-db" required />
        </label>
        <datalist id="graph-client-names">
          {clientNames.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <datalist id="graph-actions">
          {actions.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <div className="flex gap-2">
          <button type="submit" className={button}>
            Ask
          </button>
          {state.askClient ? (
            <button type="button" className={button} onClick={() => set({ askClient: "", askAction: "", askResource: "" })}>
              Clear answer
            </button>
          ) : null}
        </div>
      </form>
      <div aria-live="polite" className="mt-2">
        {answer.isFetching && !a ? <p className="text-sm text-slate-600 dark:text-slate-400">Asking…</p> : null}
        {answer.isError ? (
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
            {answer.error.message}
          </p>
        ) : null}
        {a ? (
          a.allow ? (
            <div role="status" aria-label="Answer" className="space-y-2">
              <p className="rounded bg-emerald-100 px-2 py-1 text-sm font-medium text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
                Allowed: {a.client.name} can {a.action} {a.resource.environment}/{a.resource.name}
              </p>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                {a.grants.length} grant{a.grants.length === 1 ? "" : "s"}, highlighted on the graph:
              </p>
              <ul aria-label="Grants" className="space-y-1.5">
                {a.grants.map((g) => (
                  <GrantItem key={`${g.via.id}-${g.scope.id}`} g={g} />
                ))}
              </ul>
            </div>
          ) : (
            <div role="status" aria-label="Answer">
              <p className="rounded bg-rose-100 px-2 py-1 text-sm font-medium text-rose-900 dark:bg-rose-950 dark:text-rose-200">Denied: {a.reason}</p>
            </div>
          )
        ) : null}
      </div>
    </section>
  );
}

function Blast({ client, at }: { client: GraphNode; at: string }) {
  const q = useQuery({ queryKey: graphKeys.blast(client.refId, at), queryFn: () => fetchJson<BlastRadius>("/api/v1/access/blast-radius", { client: client.refId, at }) });
  return (
    <section className={section} aria-labelledby="blast-heading">
      <h2 id="blast-heading" className={h2}>
        Blast radius of {client.label}
      </h2>
      {q.isError ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{q.error.message}</p> : null}
      {q.data ? (
        <>
          <p className="mb-2 text-sm">
            {q.data.totals.resources} resources, {q.data.totals.actions} actions{q.data.totals.protected ? `, ${q.data.totals.protected} in protected environments` : ""}.
          </p>
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Blast radius by environment</caption>
            <thead>
              <tr className="text-slate-600 dark:text-slate-400">
                <th scope="col">Environment</th>
                <th scope="col">Resources</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {q.data.byEnvironment.map((e) => (
                <tr key={e.environment}>
                  <td>
                    <details>
                      <summary className="cursor-pointer">
                        {e.environment}
                        {e.protected ? " (protected)" : ""}
                      </summary>
                      <ul className="ml-3 mt-1 space-y-0.5">
                        {e.items.map((i) => (
                          <li key={i.resourceId}>
                            {i.resource}: {i.actions.join(", ")}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </td>
                  <td className="align-top">{e.resources}</td>
                  <td className="align-top">{e.actions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : q.isFetching ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>
      ) : null}
    </section>
  );
}

function Reach({ resource, at, onPick }: { resource: GraphNode; at: string; onPick: (clientId: string) => void }) {
  const q = useQuery({ queryKey: graphKeys.reach(resource.refId, at), queryFn: () => fetchJson<WhoCanReach>("/api/v1/access/who-can-reach", { resource: resource.refId, at }) });
  return (
    <section className={section} aria-labelledby="reach-heading">
      <h2 id="reach-heading" className={h2}>
        Who can reach {resource.environment}/{resource.label}
      </h2>
      {q.isError ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">{q.error.message}</p> : null}
      {q.data ? (
        <>
          <p className="mb-2 text-sm">
            {q.data.clients.length} client{q.data.clients.length === 1 ? "" : "s"}
            {Object.keys(q.data.byAction).length ? `: ${Object.entries(q.data.byAction).map(([a, n]) => `${n} ${a}`).join(", ")}` : ""}.
          </p>
          <ul className="max-h-64 space-y-0.5 overflow-auto text-xs">
            {q.data.clients.slice(0, 200).map((c) => (
              <li key={c.id}>
                <button type="button" className="text-left text-sky-700 underline dark:text-sky-400" onClick={() => onPick(c.id)}>
                  {c.name}
                </button>{" "}
                <span className="text-slate-600 dark:text-slate-400">
                  ({c.kind}): {c.actions.join(", ")}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : q.isFetching ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>
      ) : null}
    </section>
  );
}

function Selection({ node, state, set, canIncident, canRevokeTokens }: { node: GraphNode; state: GraphUrl; set: (p: GraphUrl) => void; canIncident: boolean; canRevokeTokens: boolean }) {
  const focused = state.focus === node.id;
  const expanded = listOf(state.expand).includes(node.id);
  const collapsed = listOf(state.collapse).includes(node.id);
  return (
    <section className={section} aria-labelledby="selection-heading">
      <h2 id="selection-heading" className={h2}>
        {node.kind === "group" ? `${node.label}: ${node.detail}` : `${node.kind} ${node.label}`}
      </h2>
      <dl className="mb-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
        {node.environment ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Environment</dt>
            <dd>
              {node.environment}
              {node.protected ? " (protected)" : ""}
            </dd>
          </>
        ) : null}
        {node.domain ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Domain</dt>
            <dd>{node.domain}</dd>
          </>
        ) : null}
        {node.kind !== "group" ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Detail</dt>
            <dd>{node.detail}</dd>
          </>
        ) : null}
        {node.criticality ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Criticality</dt>
            <dd>{node.criticality}</dd>
          </>
        ) : null}
        {node.status ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Status</dt>
            <dd>{node.status}</dd>
          </>
        ) : null}
        {node.expiresAt ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Expires</dt>
            <dd>{new Date(node.expiresAt).toLocaleString()}</dd>
          </>
        ) : null}
      </dl>
      <div className="flex flex-wrap gap-2">
        {node.kind === "group" ? (
          <button type="button" className={button} onClick={() => set({ open: toggleIn(state.open, node.refId), sel: "" })}>
            Open domain {node.label}
          </button>
        ) : (
          <>
            {!focused ? (
              <button type="button" className={button} onClick={() => set({ focus: node.id, expand: "", collapse: "" })}>
                Focus here
              </button>
            ) : null}
            {state.focus ? (
              <button type="button" className={button} aria-pressed={expanded} onClick={() => set({ expand: toggleIn(state.expand, node.id) })}>
                {expanded ? "Hide neighbours" : "Expand neighbours"}
              </button>
            ) : null}
            {node.layer < 3 ? (
              <button type="button" className={button} aria-pressed={collapsed} onClick={() => set({ collapse: toggleIn(state.collapse, node.id) })}>
                {collapsed ? "Show children" : "Collapse children"}
              </button>
            ) : null}
          </>
        )}
      </div>
      {node.kind === "client" && canIncident && !state.at ? <IncidentActions client={node} canRevokeTokens={canRevokeTokens} /> : null}
    </section>
  );
}

export function SidePanel({
  state,
  set,
  selected,
  clientNames,
  actions,
  at,
  canIncident,
  canRevokeTokens,
}: {
  state: GraphUrl;
  set: (p: GraphUrl) => void;
  selected: GraphNode | null;
  clientNames: string[];
  actions: string[];
  at: string;
  canIncident: boolean;
  canRevokeTokens: boolean;
}) {
  return (
    <aside aria-label="Graph side panel" className="w-96 shrink-0 overflow-y-auto border-l border-slate-200 bg-white text-sm dark:border-slate-800 dark:bg-slate-950">
      {selected ? (
        <Selection node={selected} state={state} set={set} canIncident={canIncident} canRevokeTokens={canRevokeTokens} />
      ) : (
        <p className={`${section} text-slate-600 dark:text-slate-400`}>Select a node (click it, or Tab to it and press Enter) to see it here.</p>
      )}
      <CanForm state={state} set={set} clientNames={clientNames} actions={actions} selected={selected} />
      {selected?.kind === "client" ? <Blast client={selected} at={at} /> : null}
      {selected?.kind === "resource" ? <Reach resource={selected} at={at} onPick={(id) => set({ focus: `c:${id}`, sel: `c:${id}`, expand: "", collapse: "" })} /> : null}
    </aside>
  );
}
