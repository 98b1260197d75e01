import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { primaryLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { issuerUrl } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { listSigningKeys } from "@/lib/oauth/key-store";
import { listTrustedIssuers } from "@/lib/oauth/trusted-issuers";
import { DeleteIssuerButton, IssuerForm, RotateKeyButton } from "./issuer-forms";

export const metadata: Metadata = { title: "Token service" };

export default async function IssuersPage() {
  const actor = await requireActor();
  const admin = can(actor, "settings.manage");
  const [issuers, keys] = await Promise.all([listTrustedIssuers(db()), listSigningKeys(db())]);
  const base = issuerUrl();
  return (
    <>
      <PageHeader
        title="Token service"
        actions={
          admin ? (
            <a href="#trust-issuer" className={primaryLink}>
              New trusted issuer
            </a>
          ) : null
        }
        description="Trusted OIDC issuers whose tokens can be exchanged for access tokens (RFC 8693), and the keys that sign Perimeter's access tokens."
      />
      <section aria-labelledby="endpoints" className="mb-10 text-sm">
        <h2 id="endpoints" className="mb-2 text-lg font-semibold">
          Endpoints
        </h2>
        <p className="text-slate-600 dark:text-slate-400">
          Metadata: <code className="font-mono text-xs">{base}/.well-known/oauth-authorization-server</code> · keys:{" "}
          <code className="font-mono text-xs">{base}/oauth/jwks</code> · tokens: <code className="font-mono text-xs">{base}/oauth/token</code> · decisions:{" "}
          <code className="font-mono text-xs">{base}/api/v1/decisions</code>
        </p>
      </section>

      <section aria-labelledby="issuers" className="mb-10">
        <h2 id="issuers" className="mb-3 text-lg font-semibold">
          Trusted issuers
        </h2>
        <Table caption="Trusted issuers">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Issuer</Th>
              <Th>Audience</Th>
              <Th>Keys</Th>
              <Th>Added</Th>
              {admin ? <Th /> : null}
            </tr>
          </thead>
          <tbody>
            {issuers.length === 0 ? (
              <EmptyRow colSpan={admin ? 6 : 5}>No trusted issuers yet: claim rules cannot exchange tokens until their issuer is trusted here.</EmptyRow>
            ) : (
              issuers.map((i) => (
                <tr key={i.id}>
                  <Td mono>{i.name}</Td>
                  <Td mono>{i.issuer}</Td>
                  <Td mono>{i.audience}</Td>
                  <Td>{i.jwksUri ? <code className="font-mono text-xs">{i.jwksUri}</code> : `${i.keys} key${i.keys === 1 ? "" : "s"}`}</Td>
                  <Td>{formatDateTime(i.createdAt)}</Td>
                  {admin ? (
                    <Td>
                      <DeleteIssuerButton id={i.id} name={i.name} />
                    </Td>
                  ) : null}
                </tr>
              ))
            )}
          </tbody>
        </Table>
        {admin ? (
          <div id="trust-issuer" className="mt-4 scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h3 className="mb-3 font-medium">Trust an issuer</h3>
            <IssuerForm />
          </div>
        ) : (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">Only admins register or remove trusted issuers.</p>
        )}
      </section>

      <section aria-labelledby="keys" className="mb-10">
        <h2 id="keys" className="mb-1 text-lg font-semibold">
          Signing keys
        </h2>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
          Keys rotate on a schedule (PERIMETER_KEY_ROTATION_HOURS) and on demand. A retired key stays published until every token it signed has expired; its private
          part is erased when it retires.
        </p>
        <Table caption="Signing keys">
          <thead>
            <tr>
              <Th>Key id</Th>
              <Th>Algorithm</Th>
              <Th>Status</Th>
              <Th>Activated</Th>
              <Th>Retired</Th>
              <Th>Published until</Th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <EmptyRow colSpan={6}>No signing key yet: the server creates one when it starts.</EmptyRow>
            ) : (
              keys.map((k) => (
                <tr key={k.kid}>
                  <Td mono>{k.kid}</Td>
                  <Td mono>{k.alg}</Td>
                  <Td>
                    <Badge tone={k.status === "active" ? "good" : "neutral"}>{k.status}</Badge>
                  </Td>
                  <Td>{k.activatedAt ? formatDateTime(k.activatedAt) : "—"}</Td>
                  <Td>{k.retiredAt ? formatDateTime(k.retiredAt) : "—"}</Td>
                  <Td>{k.expiresAt ? formatDateTime(k.expiresAt) : "while active"}</Td>
                </tr>
              ))
            )}
          </tbody>
        </Table>
        {admin ? (
          <div className="mt-4">
            <RotateKeyButton />
          </div>
        ) : null}
      </section>
    </>
  );
}
