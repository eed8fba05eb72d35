/** The contact directory's API (docs/communication.md). */
import { api, orgPath } from "../../app/api";

export interface Contact {
  person: string;
  name: string | null;
  emails: string[];
  phones: string[];
  languages: string[];
  workingHours: string | null;
  webhook: string | null;
  inModel: boolean;
  modelName: string | null;
  updatedBy: string;
  updatedAt: string;
}

export interface Directory {
  total: number;
  contacts: Contact[];
  unreachable: string[];
}

export const directoryApi = {
  list: (org: string) => api.get<Directory>(orgPath(org, "directory")),
  replace: (org: string, csv: string) => api.put<{ imported: number }>(orgPath(org, "directory"), { csv }),
};
