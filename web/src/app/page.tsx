import { redirect } from "next/navigation";

import { HOME_PATH } from "@/lib/redirect";
import { getViewer } from "@/server/viewer";

export default async function RootPage() {
  redirect((await getViewer()) ? HOME_PATH : "/login");
}
