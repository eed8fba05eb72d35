/**
 * How an invitation reaches the person. The seam where mail delivery (issue 12's outbox) plugs in:
 * implement `InvitationDelivery` with `kind: "mail"` and pass it in Services. Until then the
 * accept link is answered to the admin who invited, who passes it on; a log line records that.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Role } from "../core/access.js";

export interface InvitationMessage {
  to: string;
  organization: { slug: string; name: string };
  role: Role;
  invitedBy: string;
  /** holds the token: a secret for the invited person only */
  acceptUrl: string;
  expiresAt: string;
}

export interface InvitationDelivery {
  /** `link`: the answer to the admin carries the accept link; `mail`: only the mailbox gets it */
  readonly kind: "link" | "mail";
  deliver(message: InvitationMessage, log: FastifyBaseLogger): Promise<void>;
}

/** No mail yet: the admin carries the link. The log line never holds the token. */
export const linkForTheAdmin: InvitationDelivery = {
  kind: "link",
  async deliver(message, log) {
    log.info(
      { event: "invitation.link", organization: message.organization.slug, role: message.role, invitedBy: message.invitedBy, expiresAt: message.expiresAt },
      "invitation created; no mail delivery is configured, so the accept link was given to the inviting admin to pass on",
    );
  },
};
