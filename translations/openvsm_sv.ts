<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>Client::AdminClient</name>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="201" />
        <source>no answer from %1 for %2 s</source>
        <translation>inget svar från %1 på %2 s</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="231" />
        <source>%1 presented no certificate; not sending the password</source>
        <translation>%1 visade inget certifikat; lösenordet skickas inte</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="280" />
        <source>the certificate of %1 has CHANGED (pinned %2, now %3); refused: not sending the password</source>
        <translation>certifikatet för %1 har ÄNDRATS (fäst %2, nu %3); vägrat: lösenordet skickas inte</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="283" />
        <source>the certificate of %1 (%2) was not accepted; not sending the password</source>
        <translation>certifikatet för %1 (%2) godtogs inte; lösenordet skickas inte</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="310" />
        <source>%1 closed the connection: %2</source>
        <translation>%1 stängde anslutningen: %2</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="331" />
        <source>login to %1 refused: %2</source>
        <translation>inloggning på %1 vägrades: %2</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="369" />
        <source>not connected</source>
        <translation>inte ansluten</translation>
    </message>
</context>
<context>
    <name>Console::AgentsPage</name>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="37" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="37" />
        <source>Reachable</source>
        <translation>Nåbar</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="37" />
        <source>Sessions</source>
        <translation>Sessioner</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="37" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="38" />
        <source>Memory</source>
        <translation>Minne</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="38" />
        <source>allowed_clients</source>
        <translation>allowed_clients</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="38" />
        <source>master_hostname</source>
        <translation>master_hostname</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="39" />
        <source>Check</source>
        <translation>Kontroll</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="72" />
        <source>agent %1: its configuration cannot be read: %2</source>
        <translation>agent %1: dess konfiguration kan inte läsas: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="74" />
        <source>agent %1: %2</source>
        <translation>agent %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="128" />
        <source>Fix</source>
        <translation>Åtgärda</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="139" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="139" />
        <source>no: %1</source>
        <translation>nej: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="151" />
        <source>load %1 on 1 CPU</source>
        <translation>last %1 på 1 CPU</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="152" />
        <source>load %1 on %2 CPUs</source>
        <translation>last %1 på %2 CPU:er</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="156" />
        <source>%1 of %2 GiB</source>
        <translation>%1 av %2 GiB</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="247" />
        <source>allowed_clients lacks %1</source>
        <translation>allowed_clients saknar %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="252" />
        <source>master_hostname is '%1', not the resource name %2</source>
        <translation>master_hostname är '%1', inte resursnamnet %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="274" />
        <source>unknown</source>
        <translation>okänt</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="286" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="322" />
        <source>allowed_clients: "%1" → "%2"</source>
        <translation>allowed_clients: "%1" → "%2"</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="324" />
        <source>master_hostname: "%1" → "%2"</source>
        <translation>master_hostname: "%1" → "%2"</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="328" />
        <source>Change the configuration of agent %1?</source>
        <translation>Ändra konfigurationen för agenten %1?</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="330" />
        <source>The agent writes it to its configuration file and reloads it.</source>
        <translation>Agenten skriver den till sin konfigurationsfil och läser om den.</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="346" />
        <source>Fix agent %1</source>
        <translation>Åtgärda agenten %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="365" />
        <source>Changing agent %1 failed: %2</source>
        <translation>Det gick inte att ändra agenten %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="379" />
        <source>through %1: %2</source>
        <translation>via %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="382" />
        <source>Agent %1 changed (through %2).</source>
        <translation>Agenten %1 ändrades (via %2).</translation>
    </message>
</context>
<context>
    <name>Console::ConfigPage</name>
    <message>
        <location filename="../gui/console/configpage.cpp" line="26" />
        <source>Terminal servers (/vsmserver/terminalservers): the agents the nodes start sessions on. Use each agent's unique host name, never 127.0.0.1, when HA is on.</source>
        <translation>Terminalservrar (/vsmserver/terminalservers): agenterna som noderna startar sessioner på. Använd varje agents unika värdnamn, aldrig 127.0.0.1, när HA är på.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="35" />
        <source>host or host:port</source>
        <translation>värd eller värd:port</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="36" />
        <source>Add</source>
        <translation>Lägg till</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="37" />
        <source>Remove</source>
        <translation>Ta bort</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="38" />
        <source>Reload</source>
        <translation>Läs om</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="39" />
        <source>Apply to both nodes</source>
        <translation>Verkställ på båda noderna</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="137" />
        <source>The list is empty: no sessions could be started. Add at least one agent.</source>
        <translation>Listan är tom: inga sessioner skulle kunna startas. Lägg till minst en agent.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="149" />
        <source>Listed twice: %1. Remove the duplicates first; nothing was changed.</source>
        <translation>Listad två gånger: %1. Ta bort dubbletterna först; inget ändrades.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="155" />
        <source>Looking the names up…</source>
        <translation>Slår upp namnen…</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="176" />
        <source>%1 (no answer within %2 s)</source>
        <translation>%1 (inget svar inom %2 s)</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="178" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="190" />
        <source>does not resolve</source>
        <translation>kan inte slås upp</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="202" />
        <source>The list changed while it was checked; press Apply again.</source>
        <translation>Listan ändrades medan den kontrollerades; tryck på Verkställ igen.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="205" />
        <source>Terminal servers</source>
        <translation>Terminalservrar</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="206" />
        <source>These entries do not resolve from this computer:
%1

The nodes may resolve them differently, but a name they cannot resolve is an agent no session can start on. Write the list anyway?</source>
        <translation>De här posterna kan inte slås upp från den här datorn:
%1

Noderna kan slå upp dem annorlunda, men ett namn de inte kan slå upp är en agent där ingen session kan startas. Skriva listan ändå?</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="217" />
        <source>Nothing was written. Not resolving: %1</source>
        <translation>Ingenting skrevs. Kan inte slås upp: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="234" />
        <source>%1: not connected, not changed</source>
        <translation>%1: inte ansluten, inte ändrad</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="246" />
        <source>Applying…</source>
        <translation>Verkställer…</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="263" />
        <source>%1 refused: %2</source>
        <translation>%1 vägrade: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="279" />
        <source>Not applied everywhere: %1</source>
        <translation>Inte verkställd överallt: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="281" />
        <source>Written although they do not resolve from this computer: %1</source>
        <translation>Skrivna trots att de inte kan slås upp från den här datorn: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="328" />
        <source>Your edits are not applied yet; Reload shows the nodes' list.</source>
        <translation>Dina ändringar är inte verkställda än; Läs om visar nodernas lista.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="329" />
        <source>Read back: identical on every node: %1</source>
        <translation>Återläst: identisk på alla noder: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/configpage.cpp" line="331" />
        <source>Read back from %n node(s): %1</source>
        <translation><numerusform>Återläst från %n nod: %1</numerusform><numerusform>Återläst från %n noder: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="334" />
        <source>The nodes DIFFER:</source>
        <translation>Noderna SKILJER SIG:</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="336" />
        <location filename="../gui/console/configpage.cpp" line="359" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Console::ConnectDialog</name>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="21" />
        <source>Connect to a cluster</source>
        <translation>Anslut till ett kluster</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="25" />
        <source>(new cluster)</source>
        <translation>(nytt kluster)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="37" />
        <source>host or host:port (admin port 9002)</source>
        <translation>värd eller värd:port (administrationsport 9002)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="38" />
        <source>the other node (empty for a lone server)</source>
        <translation>den andra noden (tom för en ensam server)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="39" />
        <source>the resource name the HA engine moves</source>
        <translation>resursnamnet som HA-motorn flyttar</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="40" />
        <source>Keep the password in the desktop keychain</source>
        <translation>Spara lösenordet i skrivbordets nyckelring</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="45" />
        <source>Recent:</source>
        <translation>Senaste:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="46" />
        <source>Node 1:</source>
        <translation>Nod 1:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="47" />
        <source>Node 2:</source>
        <translation>Nod 2:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="48" />
        <source>Resource name:</source>
        <translation>Resursnamn:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="49" />
        <source>Admin password:</source>
        <translation>Administratörslösenord:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="54" />
        <source>Connect</source>
        <translation>Anslut</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="95" />
        <source>No keychain service is available: the password is asked each time and is not stored anywhere.</source>
        <translation>Ingen nyckelringstjänst finns: lösenordet efterfrågas varje gång och sparas ingenstans.</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="121" />
        <source>The password was not read from the keychain: %1. Enter it here.</source>
        <translation>Lösenordet lästes inte från nyckelringen: %1. Skriv in det här.</translation>
    </message>
</context>
<context>
    <name>Console::DrillPage</name>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="25" />
        <source>A failover drill makes the active node step down through its health check, waits until the peer holds the resource IP, and checks that every session is present on the new active node and alive on its agent. Users are moved to the other node: run it when that is acceptable.</source>
        <translation>En failover-övning får den aktiva noden att kliva åt sidan via sin hälsokontroll, väntar tills den andra noden har resurs-IP:n och kontrollerar att varje session finns på den nya aktiva noden och lever på sin agent. Användarna flyttas till den andra noden: kör den när det går bra.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="32" />
        <source>Move back to the original node afterwards</source>
        <translation>Flytta tillbaka till den ursprungliga noden efteråt</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="34" />
        <source>Start drill</source>
        <translation>Starta övning</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Time (ms)</source>
        <translation>Tid (ms)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Step</source>
        <translation>Steg</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="54" />
        <location filename="../gui/console/drillpage.cpp" line="131" />
        <source>No drill has run yet.</source>
        <translation>Ingen övning har körts än.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="58" />
        <source>Save report…</source>
        <translation>Spara rapport…</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="76" />
        <source>Active node</source>
        <translation>Aktiv nod</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="78" />
        <source>Step down</source>
        <translation>Kliv åt sidan</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="80" />
        <source>Resource released</source>
        <translation>Resursen frisläppt</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="82" />
        <source>Peer took over</source>
        <translation>Den andra noden tog över</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="84" />
        <source>Peer is MASTER</source>
        <translation>Den andra noden är MASTER</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="86" />
        <source>Original is MASTER again</source>
        <translation>Ursprunglig nod är MASTER igen</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="88" />
        <source>Sessions present</source>
        <translation>Sessionerna finns</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="90" />
        <source>Sessions verified</source>
        <translation>Sessionerna verifierade</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="92" />
        <source>Original node fit again</source>
        <translation>Ursprunglig nod redo igen</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="94" />
        <source>Step down (move back)</source>
        <translation>Kliv åt sidan (tillbaka)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="96" />
        <source>Resource released (move back)</source>
        <translation>Resursen frisläppt (tillbaka)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="98" />
        <source>Moved back</source>
        <translation>Flyttad tillbaka</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="100" />
        <source>Sessions present (move back)</source>
        <translation>Sessionerna finns (tillbaka)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="102" />
        <source>Sessions verified (move back)</source>
        <translation>Sessionerna verifierade (tillbaka)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="104" />
        <source>Step-down ended</source>
        <translation>Avkliv avslutat</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="106" />
        <source>Drill finished</source>
        <translation>Övningen klar</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="129" />
        <location filename="../gui/console/drillpage.cpp" line="150" />
        <source>Connect to both nodes to run a drill.</source>
        <translation>Anslut till båda noderna för att köra en övning.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="137" />
        <source>Failover drill</source>
        <translation>Failover-övning</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="138" />
        <source>Move the resource IP to the other node now? Connected users reconnect to the new active node.</source>
        <translation>Flytta resurs-IP:n till den andra noden nu? Anslutna användare återansluter till den nya aktiva noden.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="161" />
        <source>Drill passed in %1 ms.</source>
        <translation>Övningen lyckades på %1 ms.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="162" />
        <source>Drill failed: %1</source>
        <translation>Övningen misslyckades: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="172" />
        <source>Drill running…</source>
        <translation>Övningen körs…</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="185" />
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="185" />
        <source>failed</source>
        <translation>misslyckades</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="196" />
        <source>no drill has run yet</source>
        <translation>ingen övning har körts än</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="205" />
        <source>cannot write %1: %2</source>
        <translation>kan inte skriva %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="214" />
        <location filename="../gui/console/drillpage.cpp" line="219" />
        <source>Save drill report</source>
        <translation>Spara övningsrapport</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="214" />
        <source>Text (*.txt);;JSON (*.json)</source>
        <translation>Text (*.txt);;JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>Console::EventsPage</name>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="50" />
        <source>All kinds</source>
        <translation>Alla slag</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Time</source>
        <translation>Tid</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Node</source>
        <translation>Nod</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Kind</source>
        <translation>Slag</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Event</source>
        <translation>Händelse</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="60" />
        <source>Node:</source>
        <translation>Nod:</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="62" />
        <source>Kind:</source>
        <translation>Slag:</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="82" />
        <source>Role</source>
        <translation>Roll</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="84" />
        <source>Health</source>
        <translation>Hälsa</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="86" />
        <source>Resync</source>
        <translation>Omsynkronisering</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="88" />
        <source>Refused connection</source>
        <translation>Vägrad anslutning</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="90" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="92" />
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="94" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="160" />
        <source>All nodes</source>
        <translation>Alla noder</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/eventspage.cpp" line="215" />
        <source>%n event(s)</source>
        <translation><numerusform>%n händelse</numerusform><numerusform>%n händelser</numerusform></translation>
    </message>
</context>
<context>
    <name>Console::FingerprintDialog</name>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="17" />
        <source>Certificate changed</source>
        <translation>Certifikatet har ändrats</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="17" />
        <source>New node certificate</source>
        <translation>Nytt nodcertifikat</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="24" />
        <source>WARNING: the admin certificate of %1 has CHANGED since it was pinned.

Pinned:
%2

Presented now:
%3

Someone may be intercepting the connection. Accept only if the node was reinstalled on purpose and the new fingerprint matches what the node shows.</source>
        <translation>VARNING: administrationscertifikatet för %1 har ÄNDRATS sedan det fästes.

Fäst:
%2

Visas nu:
%3

Någon kan avlyssna anslutningen. Godta bara om noden installerades om avsiktligt och det nya fingeravtrycket stämmer med det noden visar.</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="31" />
        <source>This is the first connection to %1.

Its admin certificate has the SHA-256 fingerprint:
%2

Compare it with the fingerprint the node logs at start (or shows in `tlctl --node … status`). If it matches, trust it: it will be pinned.</source>
        <translation>Detta är den första anslutningen till %1.

Dess administrationscertifikat har SHA-256-fingeravtrycket:
%2

Jämför det med fingeravtrycket som noden loggar vid start (eller visar i `tlctl --node … status`). Om det stämmer, lita på det: det fästs.</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="38" />
        <source>Accept the new certificate</source>
        <translation>Godta det nya certifikatet</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="38" />
        <source>Trust and connect</source>
        <translation>Lita på och anslut</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="40" />
        <source>Refuse</source>
        <translation>Vägra</translation>
    </message>
</context>
<context>
    <name>Console::MainWindow</name>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="45" />
        <source>Overview</source>
        <translation>Översikt</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="46" />
        <source>Sessions</source>
        <translation>Sessioner</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="47" />
        <source>Agents</source>
        <translation>Agenter</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="48" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="49" />
        <source>Failover drill</source>
        <translation>Failover-övning</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="50" />
        <source>Events</source>
        <translation>Händelser</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="58" />
        <source>&amp;Cluster</source>
        <translation>&amp;Kluster</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="60" />
        <source>&amp;Connect…</source>
        <translation>&amp;Anslut…</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="62" />
        <source>&amp;Refresh</source>
        <translation>&amp;Uppdatera</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="74" />
        <source>&amp;Quit</source>
        <translation>A&amp;vsluta</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="95" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="96" />
        <source>Not connected. Use Cluster → Connect.</source>
        <translation>Inte ansluten. Använd Kluster → Anslut.</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="98" />
        <source>OpenVSM console</source>
        <translation>OpenVSM-konsol</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="99" />
        <source>OpenVSM console – %1</source>
        <translation>OpenVSM-konsol – %1</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="109" />
        <source>Connect</source>
        <translation>Anslut</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="109" />
        <source>Give at least one node.</source>
        <translation>Ange minst en nod.</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="127" />
        <source>The password was not stored in the keychain: %1</source>
        <translation>Lösenordet sparades inte i nyckelringen: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="152" />
        <source>%1 refused the admin password. Enter it again:</source>
        <translation>%1 vägrade adminlösenordet. Ange det igen:</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="152" />
        <source> and </source>
        <translation> och </translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="161" />
        <source>Login refused</source>
        <translation>Inloggning vägrad</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="185" />
        <source>cannot write %1</source>
        <translation>kan inte skriva %1</translation>
    </message>
</context>
<context>
    <name>Console::NodeConnection</name>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="225" />
        <source>connection lost: %1</source>
        <translation>anslutningen förlorades: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="251" />
        <source>not connected</source>
        <translation>inte ansluten</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="253" />
        <source>bad address</source>
        <translation>felaktig adress</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="256" />
        <location filename="../gui/console/nodeconnection.cpp" line="260" />
        <source>unreachable since %1, reconnecting</source>
        <translation>onåbar sedan %1, återansluter</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="257" />
        <source>connecting</source>
        <translation>ansluter</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="261" />
        <source>unreachable since %1</source>
        <translation>onåbar sedan %1</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="263" />
        <source>checking the certificate</source>
        <translation>kontrollerar certifikatet</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="265" />
        <source>logging in</source>
        <translation>loggar in</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="267" />
        <source>connected</source>
        <translation>ansluten</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="269" />
        <source>login refused</source>
        <translation>inloggning vägrad</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="271" />
        <source>certificate refused</source>
        <translation>certifikatet vägrat</translation>
    </message>
</context>
<context>
    <name>Console::OverviewPage</name>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="21" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="23" />
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="24" />
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="36" />
        <source>%n s ago</source>
        <translation><numerusform>för %n sekund sedan</numerusform><numerusform>för %n sekunder sedan</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="38" />
        <source>%n min ago</source>
        <translation><numerusform>för %n minut sedan</numerusform><numerusform>för %n minuter sedan</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="39" />
        <source>%n h ago</source>
        <translation><numerusform>för %n timme sedan</numerusform><numerusform>för %n timmar sedan</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="86" />
        <source>Sessions</source>
        <translation>Sessioner</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="87" />
        <source>sessions</source>
        <comment>the unit of the sessions chart's value axis</comment>
        <translation>sessioner</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="93" />
        <source>Replication lag</source>
        <translation>Replikeringsfördröjning</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="94" />
        <source>ms</source>
        <comment>milliseconds: the unit of the replication lag chart's value axis</comment>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="123" />
        <source>(no second node)</source>
        <translation>(ingen andra nod)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="178" />
        <source>enabled; state unknown</source>
        <translation>påslaget; tillstånd okänt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="178" />
        <location filename="../gui/console/overviewpage.cpp" line="181" />
        <source>not enabled</source>
        <translation>inte påslaget</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="185" />
        <source>stepping down (failover drill) until %1: its health check says "not fit"</source>
        <translation>kliver åt sidan (failover-övning) till %1: dess hälsokontroll säger "not fit"</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="189" />
        <source>%1: HA is enabled but not running: %2</source>
        <translation>%1: HA är påslaget men körs inte: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="190" />
        <source>enabled but not running</source>
        <translation>påslaget men körs inte</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="201" />
        <source>nothing yet</source>
        <translation>inget ännu</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="205" />
        <source>role %1 (notify hook); no HA/resource_address to check which node holds the resource IP</source>
        <translation>roll %1 (notify-hook); ingen HA/resource_address att kontrollera vilken nod som har resurs-IP:n med</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="212" />
        <source>holds %1, role %2 (notify hook)</source>
        <translation>har %1, roll %2 (notify-hook)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="214" />
        <source>%1 holds %2 but its notify hook did not say MASTER (it said: %3)</source>
        <translation>%1 har %2 men dess notify-hook sade inte MASTER (den sade: %3)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="217" />
        <source>does not hold %1, role %2 (notify hook)</source>
        <translation>har inte %1, roll %2 (notify-hook)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="219" />
        <source>%1: its notify hook said MASTER but %2 is not on any of its interfaces</source>
        <translation>%1: dess notify-hook sade MASTER men %2 finns inte på något av dess gränssnitt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="222" />
        <source>replication link %1 (%2), lag %3 changes / %4 ms</source>
        <translation>replikeringslänk %1 (%2), fördröjning %3 ändringar / %4 ms</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="227" />
        <source>%1: the replication link to %2 is down</source>
        <translation>%1: replikeringslänken till %2 är nere</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="229" />
        <source>DEGRADED: %1</source>
        <translation>DEGRADERAD: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="230" />
        <source>%1: degraded: %2</source>
        <translation>%1: degraderad: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="235" />
        <source>configuration differs: %1</source>
        <translation>konfigurationen skiljer sig: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="236" />
        <source>%1: configuration differs from the peer: %2</source>
        <translation>%1: konfigurationen skiljer sig från partnerns: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="240" />
        <source>configuration differs: terminalservers (read back by the console)</source>
        <translation>konfigurationen skiljer sig: terminalservers (återläst av konsolen)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="242" />
        <source>configuration of the peer not known yet</source>
        <translation>partnerns konfiguration är ännu okänd</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="244" />
        <source>configuration identical on both nodes</source>
        <translation>konfigurationen är identisk på båda noderna</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="253" />
        <source>Version: %1
Up: %2
Sessions: %3
Agents reachable: %4 of %5
HA: %6</source>
        <translation>Version: %1
Igång: %2
Sessioner: %3
Nåbara agenter: %4 av %5
HA: %6</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="266" />
        <source>Only one node is configured: there is no failover partner.</source>
        <translation>Bara en nod är angiven: det finns ingen failover-partner.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="273" />
        <source>No problems.</source>
        <translation>Inga problem.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="276" />
        <source>Problems:</source>
        <translation>Problem:</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="287" />
        <source>not configured</source>
        <translation>inte angiven</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="315" />
        <source>reconnecting…</source>
        <translation>återansluter…</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="317" />
        <source>reconnecting: next attempt in %n s</source>
        <translation><numerusform>återansluter: nästa försök om %n sekund</numerusform><numerusform>återansluter: nästa försök om %n sekunder</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="325" />
        <source>Last data at %1 (%2):</source>
        <translation>Senaste data kl. %1 (%2):</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="328" />
        <source>unreachable since %1</source>
        <translation>onåbar sedan %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="330" />
        <source>%1: unreachable since %2</source>
        <translation>%1: onåbar sedan %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="331" />
        <source>%1: unreachable since %2: %3</source>
        <translation>%1: onåbar sedan %2: %3</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="340" />
        <source>not connected</source>
        <translation>inte ansluten</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="342" />
        <source>connecting…</source>
        <translation>ansluter…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="345" />
        <source>checking the certificate…</source>
        <translation>kontrollerar certifikatet…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="346" />
        <source>Compare the fingerprint with the one the node logged at start before trusting it.</source>
        <translation>Jämför fingeravtrycket med det som noden loggade vid start innan du litar på det.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="348" />
        <source>logging in…</source>
        <translation>loggar in…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="350" />
        <source>login refused</source>
        <translation>inloggning vägrad</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="352" />
        <source>Enter the password again, or use Cluster → Connect.</source>
        <translation>Ange lösenordet igen, eller använd Kluster → Anslut.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="354" />
        <source>%1: login refused: %2</source>
        <translation>%1: inloggning vägrad: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="357" />
        <source>certificate refused</source>
        <translation>certifikatet vägrat</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="358" />
        <location filename="../gui/console/overviewpage.cpp" line="363" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="362" />
        <source>unreachable</source>
        <translation>onåbar</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="374" />
        <source>logged in, waiting for the status…</source>
        <translation>inloggad, väntar på status…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="377" />
        <source>connected to %1</source>
        <translation>ansluten till %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="381" />
        <source>%1: no agents are configured (/vsmserver/terminalservers is empty)</source>
        <translation>%1: inga agenter är angivna (/vsmserver/terminalservers är tom)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="384" />
        <source>%1: agent %2 is unreachable: %3</source>
        <translation>%1: agenten %2 är onåbar: %3</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="406" />
        <source>both nodes hold %1: the resource IP must be on one node only (is keepalived running on both, and can they see each other?)</source>
        <translation>båda noderna har %1: resurs-IP:n får bara finnas på en nod (kör keepalived på båda, och ser de varandra?)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="410" />
        <source>neither node holds %1: clients cannot reach the broker (is keepalived running?)</source>
        <translation>ingen nod har %1: klienter når inte brokern (kör keepalived?)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="421" />
        <source>terminalservers: the nodes DIFFER: %1</source>
        <translation>terminalservers: noderna SKILJER SIG: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="424" />
        <source>terminalservers: %1</source>
        <translation>terminalservers: %1</translation>
    </message>
</context>
<context>
    <name>Console::ServerReason</name>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="17" />
        <source>The node refuses %1 while HA is on: a loopback address names a different agent on each node. Use the agent's unique host name.</source>
        <translation>Noden vägrar %1 när HA är på: en loopback-adress pekar på en annan agent på varje nod. Använd agentens unika värdnamn.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="21" />
        <source>%1 is listed twice (as %2); remove one.</source>
        <translation>%1 finns två gånger i listan (som %2); ta bort en.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="22" />
        <source>Wrong admin password.</source>
        <translation>Fel administratörslösenord.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="24" />
        <source>Agent %1 does not answer this node.</source>
        <translation>Agenten %1 svarar inte den här noden.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="26" />
        <source>Agent %1 does not allow this node: it is not in its allowed_clients, or the node could not prove it is root.</source>
        <translation>Agenten %1 tillåter inte den här noden: den finns inte i dess allowed_clients, eller så kunde noden inte visa att den är root.</translation>
    </message>
</context>
<context>
    <name>Console::SessionModel</name>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="16" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="18" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="20" />
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="23" />
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="68" />
        <source>running</source>
        <translation>körs</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="69" />
        <source>disconnected</source>
        <translation>frånkopplad</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="92" />
        <source>User</source>
        <translation>Användare</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="94" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="96" />
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="98" />
        <source>State</source>
        <translation>Tillstånd</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="100" />
        <source>Age</source>
        <translation>Ålder</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="102" />
        <source>Last client</source>
        <translation>Senaste klient</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="104" />
        <source>Node</source>
        <translation>Nod</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="106" />
        <source>Session ID</source>
        <translation>Sessions-ID</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="124" />
        <source>%1 (active)</source>
        <translation>%1 (aktiv)</translation>
    </message>
</context>
<context>
    <name>Console::SessionsPage</name>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="36" />
        <source>User</source>
        <translation>Användare</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="37" />
        <source>%1 (uid %2)</source>
        <translation>%1 (uid %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="38" />
        <source>Session ID</source>
        <translation>Sessions-ID</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="39" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="42" />
        <source>%1 (clients reach it as %2)</source>
        <translation>%1 (klienter når den som %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="43" />
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="44" />
        <source>:%1 (VNC port %2)</source>
        <translation>:%1 (VNC-port %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="47" />
        <source>Geometry</source>
        <translation>Geometri</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="47" />
        <source>(default)</source>
        <translation>(standard)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="49" />
        <source>Command</source>
        <translation>Kommando</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="50" />
        <source>State</source>
        <translation>Tillstånd</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="51" />
        <source>running</source>
        <translation>kör</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="52" />
        <source>disconnected</source>
        <translation>frånkopplad</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="54" />
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="55" />
        <source>Last connection</source>
        <translation>Senaste anslutning</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="56" />
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="57" />
        <source>Last client</source>
        <translation>Senaste klient</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="58" />
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="59" />
        <source>Record held by</source>
        <translation>Posten finns på</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="61" />
        <source>Record changed</source>
        <translation>Posten ändrad</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="68" />
        <source>State changes</source>
        <translation>Tillståndsändringar</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="69" />
        <source>none seen since the console connected (the record keeps no history)</source>
        <translation>inga sedda sedan konsolen anslöt (posten sparar ingen historik)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="91" />
        <source>Filter: user, agent, display, state, client, node…</source>
        <translation>Filter: användare, agent, display, tillstånd, klient, nod…</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="93" />
        <source>Terminate…</source>
        <translation>Avsluta…</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="158" />
        <source>Session details</source>
        <translation>Sessionsdetaljer</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="209" />
        <source>Select a session to see its details.</source>
        <translation>Välj en session för att se dess detaljer.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="253" />
        <source>%1: display :%2 on %3 (session %4)</source>
        <translation>%1: display :%2 på %3 (session %4)</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="256" />
        <source>… and %n more</source>
        <translation><numerusform>… och %n till</numerusform><numerusform>… och %n till</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="257" />
        <source>Terminate %n session(s)? Unsaved work in them is lost.</source>
        <translation><numerusform>Avsluta %n session? Osparat arbete i den går förlorat.</numerusform><numerusform>Avsluta %n sessioner? Osparat arbete i dem går förlorat.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="296" />
        <source>%n session(s) shown</source>
        <translation><numerusform>%n session visas</numerusform><numerusform>%n sessioner visas</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="297" />
        <source>%n in total</source>
        <translation><numerusform>%n totalt</numerusform><numerusform>%n totalt</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="305" />
        <source>not shown: the sessions of %1 (not connected)</source>
        <translation>visas inte: sessionerna på %1 (inte ansluten)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="333" />
        <source>Terminate sessions</source>
        <translation>Avsluta sessioner</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="344" />
        <source>Not terminated: no node that holds them is connected: %1</source>
        <translation>Inte avslutade: ingen nod som har dem är ansluten: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="364" />
        <source>%n session(s) terminated.</source>
        <translation><numerusform>%n session avslutades.</numerusform><numerusform>%n sessioner avslutades.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="365" />
        <source>Terminating failed: %1</source>
        <translation>Det gick inte att avsluta: %1</translation>
    </message>
</context>
<context>
    <name>Widgets::KeychainStore</name>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="50" />
        <source>the keychain was not unlocked (the prompt was cancelled)</source>
        <translation>nyckelringen låstes inte upp (frågan avbröts)</translation>
    </message>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="59" />
        <source>the keychain did not answer</source>
        <translation>nyckelringen svarade inte</translation>
    </message>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="78" />
        <location filename="../gui/widgets/keychainstore.cpp" line="103" />
        <location filename="../gui/widgets/keychainstore.cpp" line="128" />
        <source>no keychain service is available</source>
        <translation>ingen nyckelringstjänst finns</translation>
    </message>
</context>
<context>
    <name>Widgets::LiveChart</name>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="114" />
        <source>%1 %2</source>
        <comment>a value and its unit</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="136" />
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="138" />
        <source>%1 min</source>
        <comment>minutes before now, negative</comment>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="140" />
        <source>%1 s</source>
        <comment>seconds before now, negative</comment>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>Wizard::NodesPage</name>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="22" />
        <source>Nodes and resource name</source>
        <translation>Noder och resursnamn</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="23" />
        <source>The two servers that are to become an HA pair, the primary first.</source>
        <translation>De två servrarna som ska bli ett HA-par, den primära först.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="26" />
        <source>&lt;b&gt;Nothing is changed on any node unless you confirm it.&lt;/b&gt; The setup wizard checks as tl-ha-setup does: each node tells over its admin API how it resolves the names, which HA/nodes entry it would take as itself, its sshd host keys, its agents and the configuration both nodes must share. Every finding names the exact fix; where the wizard can make it itself (host keys, configuration copy, agents, enabling HA), Apply… on the step's page lists every change and asks first.</source>
        <translation>&lt;b&gt;Ingenting ändras på någon nod utan att du bekräftar det.&lt;/b&gt; Installationsguiden kontrollerar som tl-ha-setup gör: varje nod berättar via sitt admin-API hur den slår upp namnen, vilken post i HA/nodes den skulle ta som sig själv, sina värdnycklar för sshd, sina agenter och den konfiguration som båda noderna måste dela. Varje fynd anger den exakta åtgärden; där guiden kan göra den själv (värdnycklar, kopiering av konfigurationen, agenter, aktivering av HA) listar Verkställ… på stegets sida varje ändring och frågar först.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="38" />
        <source>Connect</source>
        <translation>Anslut</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="82" />
        <source>host or host:port (admin port 9002)</source>
        <translation>värd eller värd:port (adminport 9002)</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="83" />
        <source>the other node</source>
        <translation>den andra noden</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="88" />
        <source>default: the two nodes' host names</source>
        <translation>standard: de två nodernas värdnamn</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="92" />
        <source>Keep the password in the desktop keychain</source>
        <translation>Spara lösenordet i skrivbordets nyckelring</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="100" />
        <source>Primary:</source>
        <translation>Primär:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="101" />
        <source>Secondary:</source>
        <translation>Sekundär:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="102" />
        <source>Resource name:</source>
        <translation>Resursnamn:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="103" />
        <source>HA/nodes:</source>
        <translation>HA/nodes:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="105" />
        <source>Admin password:</source>
        <translation>Adminlösenord:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="124" />
        <source>The password was not stored in the keychain: %1</source>
        <translation>Lösenordet sparades inte i nyckelringen: %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="168" />
        <source>Give both nodes, the primary first.</source>
        <translation>Ange båda noderna, den primära först.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="176" />
        <location filename="../gui/wizard/nodespage.cpp" line="228" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="181" />
        <source>The two nodes are the same host '%1': give each node by its own name.</source>
        <translation>De två noderna är samma värd '%1': ange varje nod med dess eget namn.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="189" />
        <source>Resource name: give one host name (got '%1').</source>
        <translation>Resursnamn: ange ett värdnamn (fick '%1').</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="196" />
        <source>HA/nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1').</source>
        <translation>HA/nodes: ange exakt två namn, som /vsmserver/HA/nodes har (fick '%1').</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="200" />
        <source>Too many names to check.</source>
        <translation>För många namn att kontrollera.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="229" />
        <source>Not connected.</source>
        <translation>Inte ansluten.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="233" />
        <source>The wizard checks the console's two nodes: connect the console to both (Cluster → Connect…) and wait until both are connected.</source>
        <translation>Guiden kontrollerar konsolens två noder: anslut konsolen till båda (Kluster → Anslut…) och vänta tills båda är anslutna.</translation>
    </message>
</context>
<context>
    <name>Wizard::ReportPage</name>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="20" />
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="21" />
        <source>Every step, as tl-ha-setup reports it. Step 6 is not checked yet; step 9 is the failover drill, once nothing needs fixing.</source>
        <translation>Varje steg, som tl-ha-setup rapporterar det. Steg 6 kontrolleras inte än; steg 9 är failover-övningen, när inget behöver åtgärdas.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="35" />
        <source>Save report…</source>
        <translation>Spara rapport…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="38" />
        <source>Check again</source>
        <translation>Kontrollera igen</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="41" />
        <source>Run the failover drill…</source>
        <translation>Kör failover-övningen…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="66" />
        <source>The failover drill runs: the primary steps down, the secondary takes over, then the same back…</source>
        <translation>Failover-övningen pågår: den primära träder tillbaka, den sekundära tar över, sedan samma sak tillbaka…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="72" />
        <source>Asking both nodes…</source>
        <translation>Frågar båda noderna…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="75" />
        <source>The nodes could not be asked:</source>
        <translation>Noderna kunde inte tillfrågas:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="79" />
        <source>All fine: the pair is ready for the steps not checked yet.</source>
        <translation>Allt bra: paret är redo för de steg som inte kontrolleras än.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="80" />
        <source>Something needs fixing: see the errors below.</source>
        <translation>Något behöver åtgärdas: se felen nedan.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="99" />
        <source>Save report</source>
        <translation>Spara rapport</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="100" />
        <source>Report (FILE.txt and FILE.json) (*.txt *.json);;All files (*)</source>
        <translation>Rapport (FIL.txt och FIL.json) (*.txt *.json);;Alla filer (*)</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="110" />
        <source>The report was not saved: %1</source>
        <translation>Rapporten sparades inte: %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="111" />
        <source>Saved to %1</source>
        <translation>Sparad i %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="111" />
        <source> and </source>
        <translation> och </translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="119" />
        <source>there is no report yet</source>
        <translation>det finns ingen rapport än</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="124" />
        <source>give a file name</source>
        <translation>ange ett filnamn</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="134" />
        <source>cannot write %1: %2</source>
        <translation>kan inte skriva %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="153" />
        <source>Run the failover drill?</source>
        <translation>Köra failover-övningen?</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="154" />
        <source>The primary steps down: the secondary must take the resource IP and every session, then the same back. Sessions stay up; new logins wait a few seconds while the resource IP moves.</source>
        <translation>Den primära träder tillbaka: den sekundära måste ta över resurs-IP-adressen och varje session, sedan samma sak tillbaka. Sessionerna fortsätter; nya inloggningar väntar några sekunder medan resurs-IP-adressen flyttas.</translation>
    </message>
</context>
<context>
    <name>Wizard::SetupRun</name>
    <message>
        <location filename="../gui/wizard/setuprun.cpp" line="30" />
        <location filename="../gui/wizard/setuprun.cpp" line="42" />
        <location filename="../gui/wizard/setuprun.cpp" line="84" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setuprun.cpp" line="31" />
        <source>the second node is missing</source>
        <translation>den andra noden saknas</translation>
    </message>
</context>
<context>
    <name>Wizard::SetupWizard</name>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="22" />
        <source>OpenVSM HA setup wizard</source>
        <translation>OpenVSM installationsguide för HA</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="92" />
        <source>cannot reach the %1 page</source>
        <translation>kan inte nå sidan %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="105" />
        <source>cannot write %1</source>
        <translation>kan inte skriva %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="115" />
        <source>Setup &amp;wizard…</source>
        <translation>&amp;Installationsguide…</translation>
    </message>
</context>
<context>
    <name>Wizard::StepPage</name>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="49" />
        <source>Step %1: %2</source>
        <translation>Steg %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="60" />
        <source>Check again</source>
        <translation>Kontrollera igen</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="64" />
        <source>Apply…</source>
        <translation>Verkställ…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="71" />
        <source>asking the nodes… %v of %m answered</source>
        <translation>frågar noderna… %v av %m har svarat</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="107" />
        <source>Apply the changes?</source>
        <translation>Verkställa ändringarna?</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="108" />
        <source>These changes will be made through the nodes' admin API:

%1</source>
        <translation>Dessa ändringar görs via nodernas admin-API:

%1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="128" />
        <source>Asking both nodes and resolving the names on this machine…</source>
        <translation>Frågar båda noderna och slår upp namnen på den här datorn…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="133" />
        <source>The nodes could not be asked:</source>
        <translation>Noderna kunde inte tillfrågas:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="138" />
        <source>Not checked yet.</source>
        <translation>Inte kontrollerat än.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="148" />
        <source>This step was not checked.</source>
        <translation>Det här steget kontrollerades inte.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="176" />
        <source>Applying failed: %1</source>
        <translation>Verkställandet misslyckades: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/wizard/steppage.cpp" line="178" />
        <source>%n error(s) to fix before HA can be enabled.</source>
        <translation><numerusform>%n fel att åtgärda innan HA kan aktiveras.</numerusform><numerusform>%n fel att åtgärda innan HA kan aktiveras.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/wizard/steppage.cpp" line="179" />
        <source>No errors; %n warning(s).</source>
        <translation><numerusform>Inga fel; %n varning.</numerusform><numerusform>Inga fel; %n varningar.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="180" />
        <source>All fine.</source>
        <translation>Allt bra.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../gui/console/main.cpp" line="87" />
        <source>Admin password</source>
        <translation>Administratörslösenord</translation>
    </message>
    <message>
        <location filename="../gui/console/main.cpp" line="88" />
        <source>Admin password:</source>
        <translation>Administratörslösenord:</translation>
    </message>
</context>
</TS>
