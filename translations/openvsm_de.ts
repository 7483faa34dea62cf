<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Client::AdminClient</name>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="201" />
        <source>no answer from %1 for %2 s</source>
        <translation>keine Antwort von %1 seit %2 s</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="231" />
        <source>%1 presented no certificate; not sending the password</source>
        <translation>%1 hat kein Zertifikat vorgelegt; das Passwort wird nicht gesendet</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="280" />
        <source>the certificate of %1 has CHANGED (pinned %2, now %3); refused: not sending the password</source>
        <translation>das Zertifikat von %1 hat sich GEÄNDERT (gespeichert %2, jetzt %3); abgelehnt: das Passwort wird nicht gesendet</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="283" />
        <source>the certificate of %1 (%2) was not accepted; not sending the password</source>
        <translation>das Zertifikat von %1 (%2) wurde nicht akzeptiert; das Passwort wird nicht gesendet</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="310" />
        <source>%1 closed the connection: %2</source>
        <translation>%1 hat die Verbindung geschlossen: %2</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="331" />
        <source>login to %1 refused: %2</source>
        <translation>Anmeldung an %1 abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../backend/client/adminclient.cpp" line="369" />
        <source>not connected</source>
        <translation>nicht verbunden</translation>
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
        <translation>Erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="37" />
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="37" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="38" />
        <source>Memory</source>
        <translation>Speicher</translation>
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
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="72" />
        <source>agent %1: its configuration cannot be read: %2</source>
        <translation>Agent %1: seine Konfiguration kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="74" />
        <source>agent %1: %2</source>
        <translation>Agent %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="128" />
        <source>Fix</source>
        <translation>Beheben</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="139" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="139" />
        <source>no: %1</source>
        <translation>nein: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="151" />
        <source>load %1 on 1 CPU</source>
        <translation>Last %1 auf 1 CPU</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="152" />
        <source>load %1 on %2 CPUs</source>
        <translation>Last %1 auf %2 CPUs</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="156" />
        <source>%1 of %2 GiB</source>
        <translation>%1 von %2 GiB</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="247" />
        <source>allowed_clients lacks %1</source>
        <translation>allowed_clients fehlt %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="252" />
        <source>master_hostname is '%1', not the resource name %2</source>
        <translation>master_hostname ist '%1', nicht der Ressourcenname %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="274" />
        <source>unknown</source>
        <translation>unbekannt</translation>
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
        <translation>Die Konfiguration von Agent %1 ändern?</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="330" />
        <source>The agent writes it to its configuration file and reloads it.</source>
        <translation>Der Agent schreibt sie in seine Konfigurationsdatei und lädt sie neu.</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="346" />
        <source>Fix agent %1</source>
        <translation>Agent %1 beheben</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="365" />
        <source>Changing agent %1 failed: %2</source>
        <translation>Ändern von Agent %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="379" />
        <source>through %1: %2</source>
        <translation>über %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="382" />
        <source>Agent %1 changed (through %2).</source>
        <translation>Agent %1 wurde geändert (über %2).</translation>
    </message>
</context>
<context>
    <name>Console::ConfigPage</name>
    <message>
        <location filename="../gui/console/configpage.cpp" line="26" />
        <source>Terminal servers (/vsmserver/terminalservers): the agents the nodes start sessions on. Use each agent's unique host name, never 127.0.0.1, when HA is on.</source>
        <translation>Terminalserver (/vsmserver/terminalservers): die Agenten, auf denen die Knoten Sitzungen starten. Bei aktivem HA den eindeutigen Hostnamen jedes Agenten verwenden, nie 127.0.0.1.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="35" />
        <source>host or host:port</source>
        <translation>Host oder Host:Port</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="36" />
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="37" />
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="38" />
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="39" />
        <source>Apply to both nodes</source>
        <translation>Auf beide Knoten anwenden</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="137" />
        <source>The list is empty: no sessions could be started. Add at least one agent.</source>
        <translation>Die Liste ist leer: es könnten keine Sitzungen gestartet werden. Mindestens einen Agenten hinzufügen.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="149" />
        <source>Listed twice: %1. Remove the duplicates first; nothing was changed.</source>
        <translation>Doppelt aufgeführt: %1. Zuerst die Duplikate entfernen; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="155" />
        <source>Looking the names up…</source>
        <translation>Namen werden nachgeschlagen…</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="176" />
        <source>%1 (no answer within %2 s)</source>
        <translation>%1 (keine Antwort innerhalb von %2 s)</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="178" />
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="190" />
        <source>does not resolve</source>
        <translation>lässt sich nicht auflösen</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="202" />
        <source>The list changed while it was checked; press Apply again.</source>
        <translation>Die Liste wurde während der Prüfung geändert; bitte erneut anwenden.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="205" />
        <source>Terminal servers</source>
        <translation>Terminalserver</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="206" />
        <source>These entries do not resolve from this computer:
%1

The nodes may resolve them differently, but a name they cannot resolve is an agent no session can start on. Write the list anyway?</source>
        <translation>Diese Einträge lassen sich von diesem Computer aus nicht auflösen:
%1

Die Knoten lösen sie vielleicht anders auf, aber ein Name, den sie nicht auflösen können, ist ein Agent, auf dem keine Sitzung starten kann. Die Liste trotzdem schreiben?</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="217" />
        <source>Nothing was written. Not resolving: %1</source>
        <translation>Nichts wurde geschrieben. Nicht auflösbar: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="234" />
        <source>%1: not connected, not changed</source>
        <translation>%1: nicht verbunden, nicht geändert</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="246" />
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="263" />
        <source>%1 refused: %2</source>
        <translation>%1 lehnte ab: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="279" />
        <source>Not applied everywhere: %1</source>
        <translation>Nicht überall angewendet: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="281" />
        <source>Written although they do not resolve from this computer: %1</source>
        <translation>Geschrieben, obwohl sie sich von diesem Computer aus nicht auflösen lassen: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="328" />
        <source>Your edits are not applied yet; Reload shows the nodes' list.</source>
        <translation>Ihre Änderungen sind noch nicht angewendet; Neu laden zeigt die Liste der Knoten.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="329" />
        <source>Read back: identical on every node: %1</source>
        <translation>Zurückgelesen: auf allen Knoten gleich: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/configpage.cpp" line="331" />
        <source>Read back from %n node(s): %1</source>
        <translation><numerusform>Von %n Knoten zurückgelesen: %1</numerusform><numerusform>Von %n Knoten zurückgelesen: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="334" />
        <source>The nodes DIFFER:</source>
        <translation>Die Knoten UNTERSCHEIDEN sich:</translation>
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
        <translation>Mit einem Cluster verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="25" />
        <source>(new cluster)</source>
        <translation>(neuer Cluster)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="37" />
        <source>host or host:port (admin port 9002)</source>
        <translation>Host oder Host:Port (Admin-Port 9002)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="38" />
        <source>the other node (empty for a lone server)</source>
        <translation>der andere Knoten (leer bei einem einzelnen Server)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="39" />
        <source>the resource name the HA engine moves</source>
        <translation>der Ressourcenname, den die HA-Software verschiebt</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="40" />
        <source>Keep the password in the desktop keychain</source>
        <translation>Passwort im Schlüsselbund des Desktops speichern</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="45" />
        <source>Recent:</source>
        <translation>Zuletzt:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="46" />
        <source>Node 1:</source>
        <translation>Knoten 1:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="47" />
        <source>Node 2:</source>
        <translation>Knoten 2:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="48" />
        <source>Resource name:</source>
        <translation>Ressourcenname:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="49" />
        <source>Admin password:</source>
        <translation>Admin-Passwort:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="54" />
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="95" />
        <source>No keychain service is available: the password is asked each time and is not stored anywhere.</source>
        <translation>Kein Schlüsselbund-Dienst verfügbar: das Passwort wird jedes Mal abgefragt und nirgends gespeichert.</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="121" />
        <source>The password was not read from the keychain: %1. Enter it here.</source>
        <translation>Das Passwort wurde nicht aus dem Schlüsselbund gelesen: %1. Bitte hier eingeben.</translation>
    </message>
</context>
<context>
    <name>Console::DrillPage</name>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="25" />
        <source>A failover drill makes the active node step down through its health check, waits until the peer holds the resource IP, and checks that every session is present on the new active node and alive on its agent. Users are moved to the other node: run it when that is acceptable.</source>
        <translation>Eine Failover-Übung lässt den aktiven Knoten über seine Zustandsprüfung zurücktreten, wartet, bis der andere Knoten die Ressourcen-IP hält, und prüft, dass jede Sitzung auf dem neuen aktiven Knoten vorhanden ist und auf ihrem Agenten läuft. Benutzer werden auf den anderen Knoten verschoben: führen Sie sie aus, wenn das vertretbar ist.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="32" />
        <source>Move back to the original node afterwards</source>
        <translation>Danach auf den ursprünglichen Knoten zurückverschieben</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="34" />
        <source>Start drill</source>
        <translation>Übung starten</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Time (ms)</source>
        <translation>Zeit (ms)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="47" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="54" />
        <location filename="../gui/console/drillpage.cpp" line="131" />
        <source>No drill has run yet.</source>
        <translation>Es wurde noch keine Übung ausgeführt.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="58" />
        <source>Save report…</source>
        <translation>Bericht speichern…</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="76" />
        <source>Active node</source>
        <translation>Aktiver Knoten</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="78" />
        <source>Step down</source>
        <translation>Zurücktreten</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="80" />
        <source>Resource released</source>
        <translation>Ressource freigegeben</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="82" />
        <source>Peer took over</source>
        <translation>Anderer Knoten hat übernommen</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="84" />
        <source>Peer is MASTER</source>
        <translation>Anderer Knoten ist MASTER</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="86" />
        <source>Original is MASTER again</source>
        <translation>Ursprünglicher Knoten ist wieder MASTER</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="88" />
        <source>Sessions present</source>
        <translation>Sitzungen vorhanden</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="90" />
        <source>Sessions verified</source>
        <translation>Sitzungen überprüft</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="92" />
        <source>Original node fit again</source>
        <translation>Ursprünglicher Knoten wieder bereit</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="94" />
        <source>Step down (move back)</source>
        <translation>Zurücktreten (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="96" />
        <source>Resource released (move back)</source>
        <translation>Ressource freigegeben (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="98" />
        <source>Moved back</source>
        <translation>Zurückverschoben</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="100" />
        <source>Sessions present (move back)</source>
        <translation>Sitzungen vorhanden (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="102" />
        <source>Sessions verified (move back)</source>
        <translation>Sitzungen überprüft (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="104" />
        <source>Step-down ended</source>
        <translation>Zurücktreten beendet</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="106" />
        <source>Drill finished</source>
        <translation>Übung beendet</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="129" />
        <location filename="../gui/console/drillpage.cpp" line="150" />
        <source>Connect to both nodes to run a drill.</source>
        <translation>Verbinden Sie sich mit beiden Knoten, um eine Übung auszuführen.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="137" />
        <source>Failover drill</source>
        <translation>Failover-Übung</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="138" />
        <source>Move the resource IP to the other node now? Connected users reconnect to the new active node.</source>
        <translation>Die Ressourcen-IP jetzt auf den anderen Knoten verschieben? Verbundene Benutzer verbinden sich mit dem neuen aktiven Knoten neu.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="161" />
        <source>Drill passed in %1 ms.</source>
        <translation>Übung in %1 ms bestanden.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="162" />
        <source>Drill failed: %1</source>
        <translation>Übung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="172" />
        <source>Drill running…</source>
        <translation>Übung läuft…</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="185" />
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="185" />
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="196" />
        <source>no drill has run yet</source>
        <translation>es wurde noch keine Übung ausgeführt</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="205" />
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="214" />
        <location filename="../gui/console/drillpage.cpp" line="219" />
        <source>Save drill report</source>
        <translation>Übungsbericht speichern</translation>
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
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="53" />
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="60" />
        <source>Node:</source>
        <translation>Knoten:</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="62" />
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="82" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="84" />
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="86" />
        <source>Resync</source>
        <translation>Neusynchronisierung</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="88" />
        <source>Refused connection</source>
        <translation>Abgelehnte Verbindung</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="90" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="92" />
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="94" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/console/eventspage.cpp" line="160" />
        <source>All nodes</source>
        <translation>Alle Knoten</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/eventspage.cpp" line="215" />
        <source>%n event(s)</source>
        <translation><numerusform>%n Ereignis</numerusform><numerusform>%n Ereignisse</numerusform></translation>
    </message>
</context>
<context>
    <name>Console::FingerprintDialog</name>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="17" />
        <source>Certificate changed</source>
        <translation>Zertifikat geändert</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="17" />
        <source>New node certificate</source>
        <translation>Neues Knotenzertifikat</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="24" />
        <source>WARNING: the admin certificate of %1 has CHANGED since it was pinned.

Pinned:
%2

Presented now:
%3

Someone may be intercepting the connection. Accept only if the node was reinstalled on purpose and the new fingerprint matches what the node shows.</source>
        <translation>WARNUNG: das Admin-Zertifikat von %1 hat sich GEÄNDERT, seit es gespeichert wurde.

Gespeichert:
%2

Jetzt vorgelegt:
%3

Jemand könnte die Verbindung abfangen. Nur akzeptieren, wenn der Knoten absichtlich neu installiert wurde und der neue Fingerabdruck mit dem übereinstimmt, den der Knoten anzeigt.</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="31" />
        <source>This is the first connection to %1.

Its admin certificate has the SHA-256 fingerprint:
%2

Compare it with the fingerprint the node logs at start (or shows in `tlctl --node … status`). If it matches, trust it: it will be pinned.</source>
        <translation>Dies ist die erste Verbindung zu %1.

Sein Admin-Zertifikat hat den SHA-256-Fingerabdruck:
%2

Vergleichen Sie ihn mit dem Fingerabdruck, den der Knoten beim Start protokolliert (oder in `tlctl --node … status` anzeigt). Wenn er übereinstimmt, vertrauen Sie ihm: er wird gespeichert.</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="38" />
        <source>Accept the new certificate</source>
        <translation>Neues Zertifikat akzeptieren</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="38" />
        <source>Trust and connect</source>
        <translation>Vertrauen und verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="40" />
        <source>Refuse</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>Console::MainWindow</name>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="45" />
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="46" />
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="47" />
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="48" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="49" />
        <source>Failover drill</source>
        <translation>Failover-Übung</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="50" />
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="58" />
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="60" />
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="62" />
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="74" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="95" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="96" />
        <source>Not connected. Use Cluster → Connect.</source>
        <translation>Nicht verbunden. Cluster → Verbinden verwenden.</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="98" />
        <source>OpenVSM console</source>
        <translation>OpenVSM-Konsole</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="99" />
        <source>OpenVSM console – %1</source>
        <translation>OpenVSM-Konsole – %1</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="109" />
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="109" />
        <source>Give at least one node.</source>
        <translation>Mindestens einen Knoten angeben.</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="127" />
        <source>The password was not stored in the keychain: %1</source>
        <translation>Das Passwort wurde nicht im Schlüsselbund gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="152" />
        <source>%1 refused the admin password. Enter it again:</source>
        <translation>%1 hat das Admin-Passwort abgelehnt. Bitte erneut eingeben:</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="152" />
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="161" />
        <source>Login refused</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="185" />
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>Console::NodeConnection</name>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="225" />
        <source>connection lost: %1</source>
        <translation>Verbindung verloren: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="251" />
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="253" />
        <source>bad address</source>
        <translation>ungültige Adresse</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="256" />
        <location filename="../gui/console/nodeconnection.cpp" line="260" />
        <source>unreachable since %1, reconnecting</source>
        <translation>nicht erreichbar seit %1, verbindet erneut</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="257" />
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="261" />
        <source>unreachable since %1</source>
        <translation>nicht erreichbar seit %1</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="263" />
        <source>checking the certificate</source>
        <translation>Zertifikat wird geprüft</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="265" />
        <source>logging in</source>
        <translation>meldet an</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="267" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="269" />
        <source>login refused</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="271" />
        <source>certificate refused</source>
        <translation>Zertifikat abgelehnt</translation>
    </message>
</context>
<context>
    <name>Console::OverviewPage</name>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="21" />
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="23" />
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="24" />
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="36" />
        <source>%n s ago</source>
        <translation><numerusform>vor %n Sekunde</numerusform><numerusform>vor %n Sekunden</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="38" />
        <source>%n min ago</source>
        <translation><numerusform>vor %n Minute</numerusform><numerusform>vor %n Minuten</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="39" />
        <source>%n h ago</source>
        <translation><numerusform>vor %n Stunde</numerusform><numerusform>vor %n Stunden</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="86" />
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="87" />
        <source>sessions</source>
        <comment>the unit of the sessions chart's value axis</comment>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="93" />
        <source>Replication lag</source>
        <translation>Replikationsverzögerung</translation>
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
        <translation>(kein zweiter Knoten)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="178" />
        <source>enabled; state unknown</source>
        <translation>aktiviert; Zustand unbekannt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="178" />
        <location filename="../gui/console/overviewpage.cpp" line="181" />
        <source>not enabled</source>
        <translation>nicht aktiviert</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="185" />
        <source>stepping down (failover drill) until %1: its health check says "not fit"</source>
        <translation>tritt zurück (Failover-Übung) bis %1: seine Zustandsprüfung meldet "not fit"</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="189" />
        <source>%1: HA is enabled but not running: %2</source>
        <translation>%1: HA ist aktiviert, läuft aber nicht: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="190" />
        <source>enabled but not running</source>
        <translation>aktiviert, läuft aber nicht</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="201" />
        <source>nothing yet</source>
        <translation>noch nichts</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="205" />
        <source>role %1 (notify hook); no HA/resource_address to check which node holds the resource IP</source>
        <translation>Rolle %1 (Notify-Hook); keine HA/resource_address, um zu prüfen, welcher Knoten die Ressourcen-IP hat</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="212" />
        <source>holds %1, role %2 (notify hook)</source>
        <translation>hat %1, Rolle %2 (Notify-Hook)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="214" />
        <source>%1 holds %2 but its notify hook did not say MASTER (it said: %3)</source>
        <translation>%1 hat %2, aber sein Notify-Hook meldete nicht MASTER (sondern: %3)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="217" />
        <source>does not hold %1, role %2 (notify hook)</source>
        <translation>hat %1 nicht, Rolle %2 (Notify-Hook)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="219" />
        <source>%1: its notify hook said MASTER but %2 is not on any of its interfaces</source>
        <translation>%1: sein Notify-Hook meldete MASTER, aber %2 liegt auf keiner seiner Schnittstellen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="222" />
        <source>replication link %1 (%2), lag %3 changes / %4 ms</source>
        <translation>Replikationsverbindung %1 (%2), Verzögerung %3 Änderungen / %4 ms</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="227" />
        <source>%1: the replication link to %2 is down</source>
        <translation>%1: die Replikationsverbindung zu %2 ist unterbrochen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="229" />
        <source>DEGRADED: %1</source>
        <translation>BEEINTRÄCHTIGT: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="230" />
        <source>%1: degraded: %2</source>
        <translation>%1: beeinträchtigt: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="235" />
        <source>configuration differs: %1</source>
        <translation>Konfiguration unterscheidet sich: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="236" />
        <source>%1: configuration differs from the peer: %2</source>
        <translation>%1: Konfiguration unterscheidet sich vom Partner: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="240" />
        <source>configuration differs: terminalservers (read back by the console)</source>
        <translation>Konfiguration unterscheidet sich: terminalservers (von der Konsole zurückgelesen)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="242" />
        <source>configuration of the peer not known yet</source>
        <translation>Konfiguration des Partners noch unbekannt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="244" />
        <source>configuration identical on both nodes</source>
        <translation>Konfiguration auf beiden Knoten gleich</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="253" />
        <source>Version: %1
Up: %2
Sessions: %3
Agents reachable: %4 of %5
HA: %6</source>
        <translation>Version: %1
Laufzeit: %2
Sitzungen: %3
Erreichbare Agenten: %4 von %5
HA: %6</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="266" />
        <source>Only one node is configured: there is no failover partner.</source>
        <translation>Nur ein Knoten ist angegeben: es gibt keinen Failover-Partner.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="273" />
        <source>No problems.</source>
        <translation>Keine Probleme.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="276" />
        <source>Problems:</source>
        <translation>Probleme:</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="287" />
        <source>not configured</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="315" />
        <source>reconnecting…</source>
        <translation>verbindet erneut…</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="317" />
        <source>reconnecting: next attempt in %n s</source>
        <translation><numerusform>verbindet erneut: nächster Versuch in %n Sekunde</numerusform><numerusform>verbindet erneut: nächster Versuch in %n Sekunden</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="325" />
        <source>Last data at %1 (%2):</source>
        <translation>Letzte Daten um %1 (%2):</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="328" />
        <source>unreachable since %1</source>
        <translation>nicht erreichbar seit %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="330" />
        <source>%1: unreachable since %2</source>
        <translation>%1: nicht erreichbar seit %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="331" />
        <source>%1: unreachable since %2: %3</source>
        <translation>%1: nicht erreichbar seit %2: %3</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="340" />
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="342" />
        <source>connecting…</source>
        <translation>verbindet…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="345" />
        <source>checking the certificate…</source>
        <translation>Zertifikat wird geprüft…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="346" />
        <source>Compare the fingerprint with the one the node logged at start before trusting it.</source>
        <translation>Vergleichen Sie den Fingerabdruck mit dem, den der Knoten beim Start protokolliert hat, bevor Sie ihm vertrauen.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="348" />
        <source>logging in…</source>
        <translation>meldet an…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="350" />
        <source>login refused</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="352" />
        <source>Enter the password again, or use Cluster → Connect.</source>
        <translation>Passwort erneut eingeben, oder Cluster → Verbinden verwenden.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="354" />
        <source>%1: login refused: %2</source>
        <translation>%1: Anmeldung abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="357" />
        <source>certificate refused</source>
        <translation>Zertifikat abgelehnt</translation>
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
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="374" />
        <source>logged in, waiting for the status…</source>
        <translation>angemeldet, warte auf den Status…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="377" />
        <source>connected to %1</source>
        <translation>verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="381" />
        <source>%1: no agents are configured (/vsmserver/terminalservers is empty)</source>
        <translation>%1: keine Agenten angegeben (/vsmserver/terminalservers ist leer)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="384" />
        <source>%1: agent %2 is unreachable: %3</source>
        <translation>%1: Agent %2 ist nicht erreichbar: %3</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="406" />
        <source>both nodes hold %1: the resource IP must be on one node only (is keepalived running on both, and can they see each other?)</source>
        <translation>beide Knoten haben %1: die Ressourcen-IP darf nur auf einem Knoten liegen (läuft keepalived auf beiden, und sehen sie sich?)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="410" />
        <source>neither node holds %1: clients cannot reach the broker (is keepalived running?)</source>
        <translation>kein Knoten hat %1: Clients erreichen den Broker nicht (läuft keepalived?)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="421" />
        <source>terminalservers: the nodes DIFFER: %1</source>
        <translation>terminalservers: die Knoten UNTERSCHEIDEN sich: %1</translation>
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
        <translation>Der Knoten lehnt %1 ab, solange HA aktiv ist: eine Loopback-Adresse bezeichnet auf jedem Knoten einen anderen Agenten. Verwenden Sie den eindeutigen Hostnamen des Agenten.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="21" />
        <source>%1 is listed twice (as %2); remove one.</source>
        <translation>%1 steht doppelt in der Liste (als %2); entfernen Sie einen Eintrag.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="22" />
        <source>Wrong admin password.</source>
        <translation>Falsches Administratorpasswort.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="24" />
        <source>Agent %1 does not answer this node.</source>
        <translation>Agent %1 antwortet diesem Knoten nicht.</translation>
    </message>
    <message>
        <location filename="../gui/console/serverreason.cpp" line="26" />
        <source>Agent %1 does not allow this node: it is not in its allowed_clients, or the node could not prove it is root.</source>
        <translation>Agent %1 lässt diesen Knoten nicht zu: er steht nicht in seinen allowed_clients, oder der Knoten konnte nicht nachweisen, dass er root ist.</translation>
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
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="20" />
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="23" />
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="68" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="69" />
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="92" />
        <source>User</source>
        <translation>Benutzer</translation>
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
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="100" />
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="102" />
        <source>Last client</source>
        <translation>Letzter Client</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="104" />
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="106" />
        <source>Session ID</source>
        <translation>Sitzungs-ID</translation>
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
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="37" />
        <source>%1 (uid %2)</source>
        <translation>%1 (UID %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="38" />
        <source>Session ID</source>
        <translation>Sitzungs-ID</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="39" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="42" />
        <source>%1 (clients reach it as %2)</source>
        <translation>%1 (Clients erreichen ihn als %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="43" />
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="44" />
        <source>:%1 (VNC port %2)</source>
        <translation>:%1 (VNC-Port %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="47" />
        <source>Geometry</source>
        <translation>Geometrie</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="47" />
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="49" />
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="50" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="51" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="52" />
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="54" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="55" />
        <source>Last connection</source>
        <translation>Letzte Verbindung</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="56" />
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="57" />
        <source>Last client</source>
        <translation>Letzter Client</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="58" />
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="59" />
        <source>Record held by</source>
        <translation>Datensatz liegt auf</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="61" />
        <source>Record changed</source>
        <translation>Datensatz geändert</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="68" />
        <source>State changes</source>
        <translation>Zustandsänderungen</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="69" />
        <source>none seen since the console connected (the record keeps no history)</source>
        <translation>keine gesehen, seit die Konsole verbunden ist (der Datensatz führt keinen Verlauf)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="91" />
        <source>Filter: user, agent, display, state, client, node…</source>
        <translation>Filter: Benutzer, Agent, Display, Zustand, Client, Knoten…</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="93" />
        <source>Terminate…</source>
        <translation>Beenden…</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="158" />
        <source>Session details</source>
        <translation>Sitzungsdetails</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="209" />
        <source>Select a session to see its details.</source>
        <translation>Eine Sitzung auswählen, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="253" />
        <source>%1: display :%2 on %3 (session %4)</source>
        <translation>%1: Display :%2 auf %3 (Sitzung %4)</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="256" />
        <source>… and %n more</source>
        <translation><numerusform>… und %n weitere</numerusform><numerusform>… und %n weitere</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="257" />
        <source>Terminate %n session(s)? Unsaved work in them is lost.</source>
        <translation><numerusform>%n Sitzung beenden? Ungespeicherte Arbeit darin geht verloren.</numerusform><numerusform>%n Sitzungen beenden? Ungespeicherte Arbeit darin geht verloren.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="296" />
        <source>%n session(s) shown</source>
        <translation><numerusform>%n Sitzung angezeigt</numerusform><numerusform>%n Sitzungen angezeigt</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="297" />
        <source>%n in total</source>
        <translation><numerusform>%n insgesamt</numerusform><numerusform>%n insgesamt</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="305" />
        <source>not shown: the sessions of %1 (not connected)</source>
        <translation>nicht angezeigt: die Sitzungen von %1 (nicht verbunden)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="333" />
        <source>Terminate sessions</source>
        <translation>Sitzungen beenden</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="344" />
        <source>Not terminated: no node that holds them is connected: %1</source>
        <translation>Nicht beendet: kein Knoten, der sie hat, ist verbunden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="364" />
        <source>%n session(s) terminated.</source>
        <translation><numerusform>%n Sitzung beendet.</numerusform><numerusform>%n Sitzungen beendet.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="365" />
        <source>Terminating failed: %1</source>
        <translation>Beenden fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>Widgets::KeychainStore</name>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="50" />
        <source>the keychain was not unlocked (the prompt was cancelled)</source>
        <translation>der Schlüsselbund wurde nicht entsperrt (die Abfrage wurde abgebrochen)</translation>
    </message>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="59" />
        <source>the keychain did not answer</source>
        <translation>der Schlüsselbund hat nicht geantwortet</translation>
    </message>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="78" />
        <location filename="../gui/widgets/keychainstore.cpp" line="103" />
        <location filename="../gui/widgets/keychainstore.cpp" line="128" />
        <source>no keychain service is available</source>
        <translation>kein Schlüsselbund-Dienst verfügbar</translation>
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
        <translation>jetzt</translation>
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
        <translation>Knoten und Ressourcenname</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="23" />
        <source>The two servers that are to become an HA pair, the primary first.</source>
        <translation>Die beiden Server, die ein HA-Paar werden sollen, der primäre zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="26" />
        <source>&lt;b&gt;Nothing is changed on any node unless you confirm it.&lt;/b&gt; The setup wizard checks as tl-ha-setup does: each node tells over its admin API how it resolves the names, which HA/nodes entry it would take as itself, its sshd host keys, its agents and the configuration both nodes must share. Every finding names the exact fix; where the wizard can make it itself (host keys, configuration copy, agents, enabling HA), Apply… on the step's page lists every change and asks first.</source>
        <translation>&lt;b&gt;Auf keinem Knoten wird etwas geändert, ohne dass Sie es bestätigen.&lt;/b&gt; Der Einrichtungsassistent prüft wie tl-ha-setup: Jeder Knoten meldet über seine Admin-API, wie er die Namen auflöst, welchen Eintrag von HA/nodes er als sich selbst nehmen würde, seine sshd-Hostschlüssel, seine Agenten und die Konfiguration, die beide Knoten teilen müssen. Jeder Befund nennt die genaue Abhilfe; wo der Assistent sie selbst vornehmen kann (Hostschlüssel, Kopie der Konfiguration, Agenten, Aktivieren von HA), listet Anwenden… auf der Seite des Schritts jede Änderung auf und fragt zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="38" />
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="82" />
        <source>host or host:port (admin port 9002)</source>
        <translation>Host oder Host:Port (Admin-Port 9002)</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="83" />
        <source>the other node</source>
        <translation>der andere Knoten</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="88" />
        <source>default: the two nodes' host names</source>
        <translation>Standard: die Hostnamen der beiden Knoten</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="92" />
        <source>Keep the password in the desktop keychain</source>
        <translation>Das Passwort im Schlüsselbund des Desktops speichern</translation>
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
        <translation>Ressourcenname:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="103" />
        <source>HA/nodes:</source>
        <translation>HA/nodes:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="105" />
        <source>Admin password:</source>
        <translation>Admin-Passwort:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="124" />
        <source>The password was not stored in the keychain: %1</source>
        <translation>Das Passwort wurde nicht im Schlüsselbund gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="168" />
        <source>Give both nodes, the primary first.</source>
        <translation>Beide Knoten angeben, den primären zuerst.</translation>
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
        <translation>Die beiden Knoten sind derselbe Host '%1': jeden Knoten mit seinem eigenen Namen angeben.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="189" />
        <source>Resource name: give one host name (got '%1').</source>
        <translation>Ressourcenname: einen Hostnamen angeben (erhalten: '%1').</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="196" />
        <source>HA/nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1').</source>
        <translation>HA/nodes: genau zwei Namen angeben, wie /vsmserver/HA/nodes sie hat (erhalten: '%1').</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="200" />
        <source>Too many names to check.</source>
        <translation>Zu viele Namen zu prüfen.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="229" />
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="233" />
        <source>The wizard checks the console's two nodes: connect the console to both (Cluster → Connect…) and wait until both are connected.</source>
        <translation>Der Assistent prüft die beiden Knoten der Konsole: die Konsole mit beiden verbinden (Cluster → Verbinden…) und warten, bis beide verbunden sind.</translation>
    </message>
</context>
<context>
    <name>Wizard::ReportPage</name>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="20" />
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="21" />
        <source>Every step, as tl-ha-setup reports it. Step 6 is not checked yet; step 9 is the failover drill, once nothing needs fixing.</source>
        <translation>Jeder Schritt, wie tl-ha-setup ihn meldet. Schritt 6 wird noch nicht geprüft; Schritt 9 ist die Failover-Übung, sobald nichts mehr zu beheben ist.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="35" />
        <source>Save report…</source>
        <translation>Bericht speichern…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="38" />
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="41" />
        <source>Run the failover drill…</source>
        <translation>Failover-Übung ausführen…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="66" />
        <source>The failover drill runs: the primary steps down, the secondary takes over, then the same back…</source>
        <translation>Die Failover-Übung läuft: Der primäre Knoten tritt zurück, der sekundäre übernimmt, dann dasselbe zurück…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="72" />
        <source>Asking both nodes…</source>
        <translation>Beide Knoten werden gefragt…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="75" />
        <source>The nodes could not be asked:</source>
        <translation>Die Knoten konnten nicht gefragt werden:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="79" />
        <source>All fine: the pair is ready for the steps not checked yet.</source>
        <translation>Alles in Ordnung: Das Paar ist bereit für die Schritte, die noch nicht geprüft werden.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="80" />
        <source>Something needs fixing: see the errors below.</source>
        <translation>Etwas muss behoben werden: siehe die Fehler unten.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="99" />
        <source>Save report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="100" />
        <source>Report (FILE.txt and FILE.json) (*.txt *.json);;All files (*)</source>
        <translation>Bericht (DATEI.txt und DATEI.json) (*.txt *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="110" />
        <source>The report was not saved: %1</source>
        <translation>Der Bericht wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="111" />
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="111" />
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="119" />
        <source>there is no report yet</source>
        <translation>es gibt noch keinen Bericht</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="124" />
        <source>give a file name</source>
        <translation>einen Dateinamen angeben</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="134" />
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="153" />
        <source>Run the failover drill?</source>
        <translation>Die Failover-Übung ausführen?</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="154" />
        <source>The primary steps down: the secondary must take the resource IP and every session, then the same back. Sessions stay up; new logins wait a few seconds while the resource IP moves.</source>
        <translation>Der primäre Knoten tritt zurück: Der sekundäre muss die Ressourcen-IP und jede Sitzung übernehmen, dann dasselbe zurück. Die Sitzungen bleiben bestehen; neue Anmeldungen warten einige Sekunden, während die Ressourcen-IP umzieht.</translation>
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
        <translation>der zweite Knoten fehlt</translation>
    </message>
</context>
<context>
    <name>Wizard::SetupWizard</name>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="22" />
        <source>OpenVSM HA setup wizard</source>
        <translation>OpenVSM HA-Einrichtungsassistent</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="92" />
        <source>cannot reach the %1 page</source>
        <translation>die Seite %1 ist nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="105" />
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="115" />
        <source>Setup &amp;wizard…</source>
        <translation>&amp;Einrichtungsassistent…</translation>
    </message>
</context>
<context>
    <name>Wizard::StepPage</name>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="49" />
        <source>Step %1: %2</source>
        <translation>Schritt %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="60" />
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="64" />
        <source>Apply…</source>
        <translation>Anwenden…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="71" />
        <source>asking the nodes… %v of %m answered</source>
        <translation>Knoten werden gefragt… %v von %m haben geantwortet</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="107" />
        <source>Apply the changes?</source>
        <translation>Die Änderungen anwenden?</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="108" />
        <source>These changes will be made through the nodes' admin API:

%1</source>
        <translation>Diese Änderungen werden über die Admin-API der Knoten vorgenommen:

%1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="128" />
        <source>Asking both nodes and resolving the names on this machine…</source>
        <translation>Beide Knoten werden gefragt und die Namen auf diesem Rechner aufgelöst…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="133" />
        <source>The nodes could not be asked:</source>
        <translation>Die Knoten konnten nicht gefragt werden:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="138" />
        <source>Not checked yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="148" />
        <source>This step was not checked.</source>
        <translation>Dieser Schritt wurde nicht geprüft.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="176" />
        <source>Applying failed: %1</source>
        <translation>Anwenden fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/wizard/steppage.cpp" line="178" />
        <source>%n error(s) to fix before HA can be enabled.</source>
        <translation><numerusform>%n Fehler zu beheben, bevor HA aktiviert werden kann.</numerusform><numerusform>%n Fehler zu beheben, bevor HA aktiviert werden kann.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/wizard/steppage.cpp" line="179" />
        <source>No errors; %n warning(s).</source>
        <translation><numerusform>Keine Fehler; %n Warnung.</numerusform><numerusform>Keine Fehler; %n Warnungen.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="180" />
        <source>All fine.</source>
        <translation>Alles in Ordnung.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../gui/console/main.cpp" line="87" />
        <source>Admin password</source>
        <translation>Admin-Passwort</translation>
    </message>
    <message>
        <location filename="../gui/console/main.cpp" line="88" />
        <source>Admin password:</source>
        <translation>Admin-Passwort:</translation>
    </message>
</context>
</TS>
