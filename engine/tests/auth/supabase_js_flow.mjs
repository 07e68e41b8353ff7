// The real @supabase/supabase-js client against the engine's local auth stand-in.
//
// Run by tests/auth/test_supabase_js.py with SUPABASE_URL (the engine's base
// URL), SUPABASE_ANON_KEY and WEB_DIR (where web/node_modules lives). Exits
// non-zero on the first broken expectation; prints one JSON line of results.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.WEB_DIR, "package.json"));
const { createClient } = require("@supabase/supabase-js");

const url = process.env.SUPABASE_URL;
const anonKey = process.env.SUPABASE_ANON_KEY;
const email = `Ada.${Date.now()}@Example.com`;
const password = "correct horse battery";

// Node 20 has no global WebSocket and supabase-js builds its Realtime client
// eagerly; this flow never opens a channel, so a transport that refuses is enough.
class NoWebSocket {
  constructor() {
    throw new Error("realtime is not used by this test");
  }
}

function client() {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: NoWebSocket },
  });
}

const results = {};
const supabase = client();

// Sign up: signed in at once, like Supabase with email confirmations off.
{
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    options: { data: { name: "Ada" } },
  });
  assert.equal(error, null, `signUp failed: ${error?.message}`);
  assert.ok(data.session?.access_token, "signUp returned no session");
  assert.equal(data.user.email, email.toLowerCase());
  assert.equal(data.user.user_metadata.name, "Ada");
  results.signUp = { userId: data.user.id };
}

// Signing up again with the same address: Supabase's error, readable by the app.
{
  const { data, error } = await client().auth.signUp({ email: email.toUpperCase(), password });
  assert.ok(error, "duplicate signUp succeeded");
  assert.equal(error.name, "AuthApiError");
  assert.equal(error.status, 422);
  assert.equal(error.code, "user_already_exists");
  assert.equal(error.message, "User already registered");
  assert.equal(data.user, null);
  results.duplicateSignUp = { status: error.status, code: error.code, message: error.message };
}

// A weak password.
{
  const { error } = await client().auth.signUp({ email: `weak.${Date.now()}@example.com`, password: "123" });
  assert.equal(error?.name, "AuthWeakPasswordError");
  assert.deepEqual(error.reasons, ["length"]);
  results.weakPassword = { status: error.status, code: error.code };
}

// A wrong password.
{
  const { data, error } = await client().auth.signInWithPassword({ email, password: "not it" });
  assert.ok(error, "wrong password signed in");
  assert.equal(error.status, 400);
  assert.equal(error.code, "invalid_credentials");
  assert.equal(error.message, "Invalid login credentials");
  assert.equal(data.session, null);
  results.wrongPassword = { status: error.status, code: error.code, message: error.message };
}

// Signing in, then asking the server who we are.
const signedIn = client();
{
  const { data, error } = await signedIn.auth.signInWithPassword({ email, password });
  assert.equal(error, null, `signInWithPassword failed: ${error?.message}`);
  assert.equal(data.user.id, results.signUp.userId);
  const { data: got, error: getError } = await signedIn.auth.getUser();
  assert.equal(getError, null, `getUser failed: ${getError?.message}`);
  assert.equal(got.user.id, results.signUp.userId);
  assert.equal(got.user.email, email.toLowerCase());
  const { data: claims, error: claimsError } = await signedIn.auth.getClaims();
  assert.equal(claimsError, null, `getClaims failed: ${claimsError?.message}`);
  assert.equal(claims.claims.sub, results.signUp.userId);
  assert.equal(claims.claims.role, "authenticated");
  results.signIn = { userId: data.user.id, sessionId: claims.claims.session_id };
}

// Refreshing rotates the refresh token and keeps the session.
{
  const before = (await signedIn.auth.getSession()).data.session;
  const { data, error } = await signedIn.auth.refreshSession();
  assert.equal(error, null, `refreshSession failed: ${error?.message}`);
  assert.notEqual(data.session.refresh_token, before.refresh_token);
  assert.equal(data.user.id, results.signUp.userId);
  results.refresh = { rotated: true };
}

// A rotated refresh token replayed later (the engine runs with no reuse grace
// here) is refused, and the session it belonged to is ended.
{
  const victim = client();
  const { data, error } = await victim.auth.signInWithPassword({ email, password });
  assert.equal(error, null, `signInWithPassword failed: ${error?.message}`);
  const stolen = data.session.refresh_token;
  const { error: rotateError } = await victim.auth.refreshSession();
  assert.equal(rotateError, null, `refreshSession failed: ${rotateError?.message}`);
  const { error: replayError } = await client().auth.refreshSession({ refresh_token: stolen });
  assert.equal(replayError?.code, "refresh_token_already_used");
  assert.equal(replayError.message, "Invalid Refresh Token: Already Used");
  const { error: afterError } = await victim.auth.refreshSession();
  assert.equal(afterError?.code, "refresh_token_not_found");
  results.replay = { replay: replayError.code, victimAfter: afterError.code };
}

// Signing out ends the session: its refresh token no longer works.
{
  const last = (await signedIn.auth.getSession()).data.session;
  const { error } = await signedIn.auth.signOut();
  assert.equal(error, null, `signOut failed: ${error?.message}`);
  assert.equal((await signedIn.auth.getSession()).data.session, null);
  const { error: refreshError } = await client().auth.refreshSession({ refresh_token: last.refresh_token });
  assert.ok(refreshError, "refresh after signOut succeeded");
  assert.equal(refreshError.code, "refresh_token_not_found");
  const { error: userError } = await client().auth.getUser(last.access_token);
  assert.ok(userError, "getUser after signOut succeeded");
  results.signOut = { refreshAfter: refreshError.code, getUserAfter: userError.name };
}

// The first session (from signUp) was ended by the global signOut too.
{
  const { error } = await supabase.auth.getUser();
  assert.ok(error, "the signUp session survived a global signOut");
}

console.log(JSON.stringify(results));
