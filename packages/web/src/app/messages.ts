/**
 * Every word the app shows, in English and Korean: the shell's and the shared words (messages.en.ts,
 * messages.ko.ts beside this file), each feature's own (src/features/<name>/messages.<lang>.ts) and
 * the names of the engine's enumerations (enumerations.messages.ts). Each Korean file is typed
 * against its English one, so a missing translation is a compile error.
 */
import { enumerationMessages } from "./enumerations.messages";
import { en as appEn } from "./messages.en";
import { ko as appKo } from "./messages.ko";
import { en as setupEn } from "../features/setup/messages.en";
import { ko as setupKo } from "../features/setup/messages.ko";
import { en as membersEn } from "../features/members/messages.en";
import { ko as membersKo } from "../features/members/messages.ko";
import { en as dashboardEn } from "../features/dashboard/messages.en";
import { ko as dashboardKo } from "../features/dashboard/messages.ko";
import { en as catalogEn } from "../features/catalog/messages.en";
import { ko as catalogKo } from "../features/catalog/messages.ko";
import { en as componentEn } from "../features/component/messages.en";
import { ko as componentKo } from "../features/component/messages.ko";
import { en as biaEn } from "../features/bia/messages.en";
import { ko as biaKo } from "../features/bia/messages.ko";
import { en as mapEn } from "../features/map/messages.en";
import { ko as mapKo } from "../features/map/messages.ko";
import { en as whatIfEn } from "../features/what-if/messages.en";
import { ko as whatIfKo } from "../features/what-if/messages.ko";
import { en as revisionsEn } from "../features/revisions/messages.en";
import { ko as revisionsKo } from "../features/revisions/messages.ko";
import { en as importEn } from "../features/import/messages.en";
import { ko as importKo } from "../features/import/messages.ko";
import { en as riskEn } from "../features/risk/messages.en";
import { ko as riskKo } from "../features/risk/messages.ko";
import { en as incidentsEn } from "../features/incidents/messages.en";
import { en as accountEn } from "../features/account/messages.en";
import { ko as accountKo } from "../features/account/messages.ko";
import { en as auditEn } from "../features/audit/messages.en";
import { ko as auditKo } from "../features/audit/messages.ko";
import { ko as incidentsKo } from "../features/incidents/messages.ko";
import { en as statusEn } from "../features/status/messages.en";
import { ko as statusKo } from "../features/status/messages.ko";
import { en as plansEn } from "../features/plans/messages.en";
import { ko as plansKo } from "../features/plans/messages.ko";
import { en as exerciseCalendarEn } from "../features/exercise-calendar/messages.en";
import { ko as exerciseCalendarKo } from "../features/exercise-calendar/messages.ko";
import { en as exercisesEn } from "../features/exercises/messages.en";
import { ko as exercisesKo } from "../features/exercises/messages.ko";
import { en as checksEn } from "../features/checks/messages.en";
import { ko as checksKo } from "../features/checks/messages.ko";
import { en as directoryEn } from "../features/directory/messages.en";
import { ko as directoryKo } from "../features/directory/messages.ko";
import { en as communicationEn } from "../features/communication/messages.en";
import { ko as communicationKo } from "../features/communication/messages.ko";

export type Lang = "en" | "ko";

const en = {
  ...appEn,
  ...enumerationMessages("en"),
  ...setupEn,
  ...membersEn,
  ...dashboardEn,
  ...catalogEn,
  ...componentEn,
  ...biaEn,
  ...mapEn,
  ...whatIfEn,
  ...revisionsEn,
  ...importEn,
  ...riskEn,
  ...incidentsEn,
  ...statusEn,
  ...accountEn,
  ...auditEn,
  ...plansEn,
  ...exerciseCalendarEn,
  ...exercisesEn,
  ...checksEn,
  ...directoryEn,
  ...communicationEn,
};

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  ...appKo,
  ...enumerationMessages("ko"),
  ...setupKo,
  ...membersKo,
  ...dashboardKo,
  ...catalogKo,
  ...componentKo,
  ...biaKo,
  ...mapKo,
  ...whatIfKo,
  ...revisionsKo,
  ...importKo,
  ...riskKo,
  ...incidentsKo,
  ...statusKo,
  ...accountKo,
  ...auditKo,
  ...plansKo,
  ...exerciseCalendarKo,
  ...exercisesKo,
  ...checksKo,
  ...directoryKo,
  ...communicationKo,
};

export const messages: Record<Lang, Record<MessageKey, string>> = { en, ko };
