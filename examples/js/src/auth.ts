// Custom auth for the sample deployment (langgraph.auth.json), standing in for a LangSmith
// deployment that demands a key: only requests carrying LANGGRAPH_SAMPLE_API_KEY as `x-api-key`
// (or as `Authorization: Bearer …`) get in. LANGGRAPH_SAMPLE_EXPIRED_KEY, when set, names a key
// that is refused as expired (401) rather than wrong (403).
import { Auth, HTTPException } from "@langchain/langgraph-sdk/auth";

export const auth = new Auth().authenticate(async (request: Request) => {
  const expected = process.env.LANGGRAPH_SAMPLE_API_KEY;
  if (!expected) throw new HTTPException(500, { message: "LANGGRAPH_SAMPLE_API_KEY is not set on the server" });
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const given = request.headers.get("x-api-key") ?? bearer;
  if (!given) throw new HTTPException(401, { message: "Missing API key: send it as x-api-key" });
  if (given === process.env.LANGGRAPH_SAMPLE_EXPIRED_KEY) throw new HTTPException(401, { message: "API key expired" });
  if (given !== expected) throw new HTTPException(403, { message: "Invalid API key" });
  return { identity: "sample-user", permissions: [] };
});
