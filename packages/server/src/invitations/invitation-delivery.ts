/**
 * How an invitation reaches the person. With a mailer (`CONTINUUM_SMTP_URL`, see mail/mailer.ts)
 * the accept link goes to the invited mailbox only; without one the accept link is answered to
 * the admin who invited, who passes it on; a log line records that.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Role } from "../core/access.js";
import { bilingual, type Mailer } from "../mail/mailer.js";

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

/** No mail: the admin carries the link. The log line never holds the token. */
export const linkForTheAdmin: InvitationDelivery = {
  kind: "link",
  async deliver(message, log) {
    log.info(
      { event: "invitation.link", organization: message.organization.slug, role: message.role, invitedBy: message.invitedBy, expiresAt: message.expiresAt },
      "invitation created; no mail delivery is configured, so the accept link was given to the inviting admin to pass on",
    );
  },
};

const ROLE_KO: Record<Role, string> = { admin: "관리자", editor: "편집자", responder: "대응자", viewer: "열람자", auditor: "감사자" };

/** The invitation's e-mail, in Korean and English. */
export function invitationMail(m: InvitationMessage): { subject: string; text: string } {
  const until = m.expiresAt.slice(0, 16).replace("T", " ") + " UTC";
  return {
    subject: `Continuum: ${m.organization.name} 초대 / invitation to ${m.organization.name}`,
    text: bilingual(
      [`${m.invitedBy} 님이 Continuum의 ${m.organization.name} 조직에 ${ROLE_KO[m.role]}(${m.role}) 역할로 초대했습니다.`, "", "아래 링크에서 수락하세요 (한 번만 사용할 수 있으며 다음 시각까지 유효합니다: " + until + "):", m.acceptUrl],
      [`${m.invitedBy} invited you to the organization ${m.organization.name} in Continuum, as ${m.role}.`, "", `Accept with this link (it works once, until ${until}):`, m.acceptUrl],
    ),
  };
}

/** The accept link goes to the invited mailbox; the admin's answer does not carry it. */
export function mailedInvitations(mailer: Mailer): InvitationDelivery {
  return {
    kind: "mail",
    async deliver(message, log) {
      await mailer.send({ to: message.to, ...invitationMail(message) });
      log.info({ event: "invitation.mailed", organization: message.organization.slug, role: message.role, invitedBy: message.invitedBy }, "invitation mailed");
    },
  };
}
