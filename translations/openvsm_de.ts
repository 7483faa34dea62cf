<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AgentsPage</name>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="34" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="34" />
        <source>Reachable</source>
        <translation>Erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="34" />
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="34" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="35" />
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="35" />
        <source>allowed_clients</source>
        <translation>allowed_clients</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="35" />
        <source>master_hostname</source>
        <translation>master_hostname</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="36" />
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="69" />
        <source>agent %1: its configuration cannot be read: %2</source>
        <translation>Agent %1: seine Konfiguration kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="71" />
        <source>agent %1: %2</source>
        <translation>Agent %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="125" />
        <source>Fix</source>
        <translation>Beheben</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="136" />
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="136" />
        <source>no: %1</source>
        <translation>nein: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="319" />
        <source>allowed_clients: "%1" → "%2"</source>
        <translation>allowed_clients: "%1" → "%2"</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="321" />
        <source>master_hostname: "%1" → "%2"</source>
        <translation>master_hostname: "%1" → "%2"</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="325" />
        <source>Change the configuration of agent %1?</source>
        <translation>Die Konfiguration von Agent %1 ändern?</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="327" />
        <source>The agent writes it to its configuration file and reloads it.</source>
        <translation>Der Agent schreibt sie in seine Konfigurationsdatei und lädt sie neu.</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="343" />
        <source>Fix agent %1</source>
        <translation>Agent %1 beheben</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="375" />
        <source>through %1: %2</source>
        <translation>über %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="378" />
        <source>Agent %1 changed (through %2).</source>
        <translation>Agent %1 wurde geändert (über %2).</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="153" />
        <source>%1 of %2 GiB</source>
        <translation>%1 von %2 GiB</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="148" />
        <source>load %1 on 1 CPU</source>
        <translation>Last %1 auf 1 CPU</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="149" />
        <source>load %1 on %2 CPUs</source>
        <translation>Last %1 auf %2 CPUs</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="244" />
        <source>allowed_clients lacks %1</source>
        <translation>allowed_clients fehlt %1</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="249" />
        <source>master_hostname is '%1', not the resource name %2</source>
        <translation>master_hostname ist '%1', nicht der Ressourcenname %2</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="271" />
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="283" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../gui/console/agentspage.cpp" line="362" />
        <source>Changing agent %1 failed: %2</source>
        <translation>Ändern von Agent %1 fehlgeschlagen: %2</translation>
    </message>
</context>
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
    <name>ConfigPage</name>
    <message>
        <location filename="../gui/console/configpage.cpp" line="20" />
        <source>Terminal servers (/vsmserver/terminalservers): the agents the nodes start sessions on. Use each agent's unique host name, never 127.0.0.1, when HA is on.</source>
        <translation>Terminalserver (/vsmserver/terminalservers): die Agenten, auf denen die Knoten Sitzungen starten. Bei aktivem HA den eindeutigen Hostnamen jedes Agenten verwenden, nie 127.0.0.1.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="29" />
        <source>host or host:port</source>
        <translation>Host oder Host:Port</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="30" />
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="31" />
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="32" />
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="33" />
        <source>Apply to both nodes</source>
        <translation>Auf beide Knoten anwenden</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="122" />
        <source>The list is empty: no sessions could be started. Add at least one agent.</source>
        <translation>Die Liste ist leer: es könnten keine Sitzungen gestartet werden. Mindestens einen Agenten hinzufügen.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="134" />
        <source>Listed twice: %1. Remove the duplicates first; nothing was changed.</source>
        <translation>Doppelt aufgeführt: %1. Zuerst die Duplikate entfernen; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="146" />
        <source>%1: not connected, not changed</source>
        <translation>%1: nicht verbunden, nicht geändert</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="157" />
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="173" />
        <source>%1 refused: %2</source>
        <translation>%1 lehnte ab: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="223" />
        <source>Your edits are not applied yet; Reload shows the nodes' list.</source>
        <translation>Ihre Änderungen sind noch nicht angewendet; Neu laden zeigt die Liste der Knoten.</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="224" />
        <source>Read back: identical on every node: %1</source>
        <translation>Zurückgelesen: auf allen Knoten gleich: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/configpage.cpp" line="226" />
        <source>Read back from %n node(s): %1</source>
        <translation><numerusform>Von %n Knoten zurückgelesen: %1</numerusform><numerusform>Von %n Knoten zurückgelesen: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="229" />
        <source>The nodes DIFFER:</source>
        <translation>Die Knoten UNTERSCHEIDEN sich:</translation>
    </message>
    <message>
        <location filename="../gui/console/configpage.cpp" line="231" />
        <location filename="../gui/console/configpage.cpp" line="254" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="18" />
        <source>Connect to a cluster</source>
        <translation>Mit einem Cluster verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="22" />
        <source>(new cluster)</source>
        <translation>(neuer Cluster)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="34" />
        <source>host or host:port (admin port 9002)</source>
        <translation>Host oder Host:Port (Admin-Port 9002)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="35" />
        <source>the other node (empty for a lone server)</source>
        <translation>der andere Knoten (leer bei einem einzelnen Server)</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="36" />
        <source>the resource name the HA engine moves</source>
        <translation>der Ressourcenname, den die HA-Software verschiebt</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="37" />
        <source>Keep the password in the desktop keychain</source>
        <translation>Passwort im Schlüsselbund des Desktops speichern</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="42" />
        <source>Recent:</source>
        <translation>Zuletzt:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="43" />
        <source>Node 1:</source>
        <translation>Knoten 1:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="44" />
        <source>Node 2:</source>
        <translation>Knoten 2:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="45" />
        <source>Resource name:</source>
        <translation>Ressourcenname:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="46" />
        <source>Admin password:</source>
        <translation>Admin-Passwort:</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="51" />
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/connectdialog.cpp" line="71" />
        <source>No keychain service is available: the password is asked each time and is not stored anywhere.</source>
        <translation>Kein Schlüsselbund-Dienst verfügbar: das Passwort wird jedes Mal abgefragt und nirgends gespeichert.</translation>
    </message>
</context>
<context>
    <name>DrillPage</name>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="23" />
        <source>A failover drill makes the active node step down through its health check, waits until the peer holds the resource IP, and checks that every session is present on the new active node and alive on its agent. Users are moved to the other node: run it when that is acceptable.</source>
        <translation>Eine Failover-Übung lässt den aktiven Knoten über seine Zustandsprüfung zurücktreten, wartet, bis der andere Knoten die Ressourcen-IP hält, und prüft, dass jede Sitzung auf dem neuen aktiven Knoten vorhanden ist und auf ihrem Agenten läuft. Benutzer werden auf den anderen Knoten verschoben: führen Sie sie aus, wenn das vertretbar ist.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="30" />
        <source>Move back to the original node afterwards</source>
        <translation>Danach auf den ursprünglichen Knoten zurückverschieben</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="32" />
        <source>Start drill</source>
        <translation>Übung starten</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="45" />
        <source>Time (ms)</source>
        <translation>Zeit (ms)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="45" />
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="45" />
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="45" />
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="52" />
        <location filename="../gui/console/drillpage.cpp" line="129" />
        <source>No drill has run yet.</source>
        <translation>Es wurde noch keine Übung ausgeführt.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="56" />
        <source>Save report…</source>
        <translation>Bericht speichern…</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="74" />
        <source>Active node</source>
        <translation>Aktiver Knoten</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="76" />
        <source>Step down</source>
        <translation>Zurücktreten</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="78" />
        <source>Resource released</source>
        <translation>Ressource freigegeben</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="80" />
        <source>Peer took over</source>
        <translation>Anderer Knoten hat übernommen</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="82" />
        <source>Peer is MASTER</source>
        <translation>Anderer Knoten ist MASTER</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="84" />
        <source>Original is MASTER again</source>
        <translation>Ursprünglicher Knoten ist wieder MASTER</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="86" />
        <source>Sessions present</source>
        <translation>Sitzungen vorhanden</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="88" />
        <source>Sessions verified</source>
        <translation>Sitzungen überprüft</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="90" />
        <source>Original node fit again</source>
        <translation>Ursprünglicher Knoten wieder bereit</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="92" />
        <source>Step down (move back)</source>
        <translation>Zurücktreten (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="94" />
        <source>Resource released (move back)</source>
        <translation>Ressource freigegeben (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="96" />
        <source>Moved back</source>
        <translation>Zurückverschoben</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="98" />
        <source>Sessions present (move back)</source>
        <translation>Sitzungen vorhanden (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="100" />
        <source>Sessions verified (move back)</source>
        <translation>Sitzungen überprüft (zurück)</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="102" />
        <source>Step-down ended</source>
        <translation>Zurücktreten beendet</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="104" />
        <source>Drill finished</source>
        <translation>Übung beendet</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="127" />
        <location filename="../gui/console/drillpage.cpp" line="148" />
        <source>Connect to both nodes to run a drill.</source>
        <translation>Verbinden Sie sich mit beiden Knoten, um eine Übung auszuführen.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="135" />
        <source>Failover drill</source>
        <translation>Failover-Übung</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="136" />
        <source>Move the resource IP to the other node now? Connected users reconnect to the new active node.</source>
        <translation>Die Ressourcen-IP jetzt auf den anderen Knoten verschieben? Verbundene Benutzer verbinden sich mit dem neuen aktiven Knoten neu.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="159" />
        <source>Drill passed in %1 ms.</source>
        <translation>Übung in %1 ms bestanden.</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="160" />
        <source>Drill failed: %1</source>
        <translation>Übung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="170" />
        <source>Drill running…</source>
        <translation>Übung läuft…</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="183" />
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="183" />
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="194" />
        <source>no drill has run yet</source>
        <translation>es wurde noch keine Übung ausgeführt</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="203" />
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="212" />
        <location filename="../gui/console/drillpage.cpp" line="217" />
        <source>Save drill report</source>
        <translation>Übungsbericht speichern</translation>
    </message>
    <message>
        <location filename="../gui/console/drillpage.cpp" line="212" />
        <source>Text (*.txt);;JSON (*.json)</source>
        <translation>Text (*.txt);;JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>FingerprintDialog</name>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="15" />
        <source>Certificate changed</source>
        <translation>Zertifikat geändert</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="15" />
        <source>New node certificate</source>
        <translation>Neues Knotenzertifikat</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="22" />
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
        <location filename="../gui/console/fingerprintdialog.cpp" line="29" />
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
        <location filename="../gui/console/fingerprintdialog.cpp" line="36" />
        <source>Accept the new certificate</source>
        <translation>Neues Zertifikat akzeptieren</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="36" />
        <source>Trust and connect</source>
        <translation>Vertrauen und verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/fingerprintdialog.cpp" line="38" />
        <source>Refuse</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>KeychainStore</name>
    <message>
        <location filename="../gui/widgets/keychainstore.cpp" line="48" />
        <location filename="../gui/widgets/keychainstore.cpp" line="72" />
        <location filename="../gui/widgets/keychainstore.cpp" line="96" />
        <source>no keychain service is available</source>
        <translation>kein Schlüsselbund-Dienst verfügbar</translation>
    </message>
</context>
<context>
    <name>LiveChart</name>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="112" />
        <source>%1 %2</source>
        <comment>a value and its unit</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="134" />
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="136" />
        <source>%1 min</source>
        <comment>minutes before now, negative</comment>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../gui/widgets/livechart.cpp" line="138" />
        <source>%1 s</source>
        <comment>seconds before now, negative</comment>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="41" />
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="42" />
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="43" />
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="44" />
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="45" />
        <source>Failover drill</source>
        <translation>Failover-Übung</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="53" />
        <source>&amp;Cluster</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="55" />
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="57" />
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="69" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="90" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="91" />
        <source>Not connected. Use Cluster → Connect.</source>
        <translation>Nicht verbunden. Cluster → Verbinden verwenden.</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="93" />
        <source>OpenVSM console</source>
        <translation>OpenVSM-Konsole</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="94" />
        <source>OpenVSM console – %1</source>
        <translation>OpenVSM-Konsole – %1</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="104" />
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="104" />
        <source>Give at least one node.</source>
        <translation>Mindestens einen Knoten angeben.</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="122" />
        <source>The password was not stored in the keychain: %1</source>
        <translation>Das Passwort wurde nicht im Schlüsselbund gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="147" />
        <source>%1 refused the admin password. Enter it again:</source>
        <translation>%1 hat das Admin-Passwort abgelehnt. Bitte erneut eingeben:</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="147" />
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="156" />
        <source>Login refused</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/mainwindow.cpp" line="180" />
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>NodeConnection</name>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="218" />
        <source>connection lost: %1</source>
        <translation>Verbindung verloren: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="244" />
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="246" />
        <source>bad address</source>
        <translation>ungültige Adresse</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="249" />
        <location filename="../gui/console/nodeconnection.cpp" line="253" />
        <source>unreachable since %1, reconnecting</source>
        <translation>nicht erreichbar seit %1, verbindet erneut</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="250" />
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="254" />
        <source>unreachable since %1</source>
        <translation>nicht erreichbar seit %1</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="256" />
        <source>checking the certificate</source>
        <translation>Zertifikat wird geprüft</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="258" />
        <source>logging in</source>
        <translation>meldet an</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="260" />
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="262" />
        <source>login refused</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/nodeconnection.cpp" line="264" />
        <source>certificate refused</source>
        <translation>Zertifikat abgelehnt</translation>
    </message>
</context>
<context>
    <name>NodesPage</name>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="19" />
        <source>Nodes and resource name</source>
        <translation>Knoten und Ressourcenname</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="20" />
        <source>The two servers that are to become an HA pair, the primary first.</source>
        <translation>Die beiden Server, die ein HA-Paar werden sollen, der primäre zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="23" />
        <source>&lt;b&gt;Nothing is changed on any node unless you confirm it.&lt;/b&gt; The setup wizard checks as tl-ha-setup does: each node tells over its admin API how it resolves the names, which HA/nodes entry it would take as itself, its sshd host keys, its agents and the configuration both nodes must share. Every finding names the exact fix; where the wizard can make it itself (host keys, configuration copy, agents, enabling HA), Apply… on the step's page lists every change and asks first.</source>
        <translation>&lt;b&gt;Auf keinem Knoten wird etwas geändert, ohne dass Sie es bestätigen.&lt;/b&gt; Der Einrichtungsassistent prüft wie tl-ha-setup: Jeder Knoten meldet über seine Admin-API, wie er die Namen auflöst, welchen Eintrag von HA/nodes er als sich selbst nehmen würde, seine sshd-Hostschlüssel, seine Agenten und die Konfiguration, die beide Knoten teilen müssen. Jeder Befund nennt die genaue Abhilfe; wo der Assistent sie selbst vornehmen kann (Hostschlüssel, Kopie der Konfiguration, Agenten, Aktivieren von HA), listet Anwenden… auf der Seite des Schritts jede Änderung auf und fragt zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="35" />
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="79" />
        <source>host or host:port (admin port 9002)</source>
        <translation>Host oder Host:Port (Admin-Port 9002)</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="80" />
        <source>the other node</source>
        <translation>der andere Knoten</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="85" />
        <source>default: the two nodes' host names</source>
        <translation>Standard: die Hostnamen der beiden Knoten</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="89" />
        <source>Keep the password in the desktop keychain</source>
        <translation>Das Passwort im Schlüsselbund des Desktops speichern</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="97" />
        <source>Primary:</source>
        <translation>Primär:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="98" />
        <source>Secondary:</source>
        <translation>Sekundär:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="99" />
        <source>Resource name:</source>
        <translation>Ressourcenname:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="100" />
        <source>HA/nodes:</source>
        <translation>HA/nodes:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="102" />
        <source>Admin password:</source>
        <translation>Admin-Passwort:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="121" />
        <source>The password was not stored in the keychain: %1</source>
        <translation>Das Passwort wurde nicht im Schlüsselbund gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="165" />
        <source>Give both nodes, the primary first.</source>
        <translation>Beide Knoten angeben, den primären zuerst.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="173" />
        <location filename="../gui/wizard/nodespage.cpp" line="225" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="178" />
        <source>The two nodes are the same host '%1': give each node by its own name.</source>
        <translation>Die beiden Knoten sind derselbe Host '%1': jeden Knoten mit seinem eigenen Namen angeben.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="186" />
        <source>Resource name: give one host name (got '%1').</source>
        <translation>Ressourcenname: einen Hostnamen angeben (erhalten: '%1').</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="193" />
        <source>HA/nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1').</source>
        <translation>HA/nodes: genau zwei Namen angeben, wie /vsmserver/HA/nodes sie hat (erhalten: '%1').</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="197" />
        <source>Too many names to check.</source>
        <translation>Zu viele Namen zu prüfen.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="226" />
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/nodespage.cpp" line="230" />
        <source>The wizard checks the console's two nodes: connect the console to both (Cluster → Connect…) and wait until both are connected.</source>
        <translation>Der Assistent prüft die beiden Knoten der Konsole: die Konsole mit beiden verbinden (Cluster → Verbinden…) und warten, bis beide verbunden sind.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="19" />
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="21" />
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="22" />
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="34" />
        <source>%n s ago</source>
        <translation><numerusform>vor %n Sekunde</numerusform><numerusform>vor %n Sekunden</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="36" />
        <source>%n min ago</source>
        <translation><numerusform>vor %n Minute</numerusform><numerusform>vor %n Minuten</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="37" />
        <source>%n h ago</source>
        <translation><numerusform>vor %n Stunde</numerusform><numerusform>vor %n Stunden</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="84" />
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="121" />
        <source>(no second node)</source>
        <translation>(kein zweiter Knoten)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="176" />
        <source>enabled; state unknown</source>
        <translation>aktiviert; Zustand unbekannt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="187" />
        <source>%1: HA is enabled but not running: %2</source>
        <translation>%1: HA ist aktiviert, läuft aber nicht: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="188" />
        <source>enabled but not running</source>
        <translation>aktiviert, läuft aber nicht</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="220" />
        <source>replication link %1 (%2), lag %3 changes / %4 ms</source>
        <translation>Replikationsverbindung %1 (%2), Verzögerung %3 Änderungen / %4 ms</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="225" />
        <source>%1: the replication link to %2 is down</source>
        <translation>%1: die Replikationsverbindung zu %2 ist unterbrochen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="227" />
        <source>DEGRADED: %1</source>
        <translation>BEEINTRÄCHTIGT: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="228" />
        <source>%1: degraded: %2</source>
        <translation>%1: beeinträchtigt: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="238" />
        <source>configuration differs: terminalservers (read back by the console)</source>
        <translation>Konfiguration unterscheidet sich: terminalservers (von der Konsole zurückgelesen)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="240" />
        <source>configuration of the peer not known yet</source>
        <translation>Konfiguration des Partners noch unbekannt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="242" />
        <source>configuration identical on both nodes</source>
        <translation>Konfiguration auf beiden Knoten gleich</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="233" />
        <source>configuration differs: %1</source>
        <translation>Konfiguration unterscheidet sich: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="85" />
        <source>sessions</source>
        <comment>the unit of the sessions chart's value axis</comment>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="91" />
        <source>Replication lag</source>
        <translation>Replikationsverzögerung</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="92" />
        <source>ms</source>
        <comment>milliseconds: the unit of the replication lag chart's value axis</comment>
        <translation>ms</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="183" />
        <source>stepping down (failover drill) until %1: its health check says "not fit"</source>
        <translation>tritt zurück (Failover-Übung) bis %1: seine Zustandsprüfung meldet "not fit"</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="199" />
        <source>nothing yet</source>
        <translation>noch nichts</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="203" />
        <source>role %1 (notify hook); no HA/resource_address to check which node holds the resource IP</source>
        <translation>Rolle %1 (Notify-Hook); keine HA/resource_address, um zu prüfen, welcher Knoten die Ressourcen-IP hat</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="210" />
        <source>holds %1, role %2 (notify hook)</source>
        <translation>hat %1, Rolle %2 (Notify-Hook)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="212" />
        <source>%1 holds %2 but its notify hook did not say MASTER (it said: %3)</source>
        <translation>%1 hat %2, aber sein Notify-Hook meldete nicht MASTER (sondern: %3)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="215" />
        <source>does not hold %1, role %2 (notify hook)</source>
        <translation>hat %1 nicht, Rolle %2 (Notify-Hook)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="217" />
        <source>%1: its notify hook said MASTER but %2 is not on any of its interfaces</source>
        <translation>%1: sein Notify-Hook meldete MASTER, aber %2 liegt auf keiner seiner Schnittstellen</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="234" />
        <source>%1: configuration differs from the peer: %2</source>
        <translation>%1: Konfiguration unterscheidet sich vom Partner: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="264" />
        <source>Only one node is configured: there is no failover partner.</source>
        <translation>Nur ein Knoten ist angegeben: es gibt keinen Failover-Partner.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="285" />
        <source>not configured</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="326" />
        <source>unreachable since %1</source>
        <translation>nicht erreichbar seit %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="313" />
        <source>reconnecting…</source>
        <translation>verbindet erneut…</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/overviewpage.cpp" line="315" />
        <source>reconnecting: next attempt in %n s</source>
        <translation><numerusform>verbindet erneut: nächster Versuch in %n Sekunde</numerusform><numerusform>verbindet erneut: nächster Versuch in %n Sekunden</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="323" />
        <source>Last data at %1 (%2):</source>
        <translation>Letzte Daten um %1 (%2):</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="328" />
        <source>%1: unreachable since %2</source>
        <translation>%1: nicht erreichbar seit %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="329" />
        <source>%1: unreachable since %2: %3</source>
        <translation>%1: nicht erreichbar seit %2: %3</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="338" />
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="340" />
        <source>connecting…</source>
        <translation>verbindet…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="343" />
        <source>checking the certificate…</source>
        <translation>Zertifikat wird geprüft…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="344" />
        <source>Compare the fingerprint with the one the node logged at start before trusting it.</source>
        <translation>Vergleichen Sie den Fingerabdruck mit dem, den der Knoten beim Start protokolliert hat, bevor Sie ihm vertrauen.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="346" />
        <source>logging in…</source>
        <translation>meldet an…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="348" />
        <source>login refused</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="350" />
        <source>Enter the password again, or use Cluster → Connect.</source>
        <translation>Passwort erneut eingeben, oder Cluster → Verbinden verwenden.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="352" />
        <source>%1: login refused: %2</source>
        <translation>%1: Anmeldung abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="355" />
        <source>certificate refused</source>
        <translation>Zertifikat abgelehnt</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="360" />
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="356" />
        <location filename="../gui/console/overviewpage.cpp" line="361" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="372" />
        <source>logged in, waiting for the status…</source>
        <translation>angemeldet, warte auf den Status…</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="176" />
        <location filename="../gui/console/overviewpage.cpp" line="179" />
        <source>not enabled</source>
        <translation>nicht aktiviert</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="375" />
        <source>connected to %1</source>
        <translation>verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="251" />
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
        <location filename="../gui/console/overviewpage.cpp" line="379" />
        <source>%1: no agents are configured (/vsmserver/terminalservers is empty)</source>
        <translation>%1: keine Agenten angegeben (/vsmserver/terminalservers ist leer)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="382" />
        <source>%1: agent %2 is unreachable: %3</source>
        <translation>%1: Agent %2 ist nicht erreichbar: %3</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="271" />
        <source>No problems.</source>
        <translation>Keine Probleme.</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="274" />
        <source>Problems:</source>
        <translation>Probleme:</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="404" />
        <source>both nodes hold %1: the resource IP must be on one node only (is keepalived running on both, and can they see each other?)</source>
        <translation>beide Knoten haben %1: die Ressourcen-IP darf nur auf einem Knoten liegen (läuft keepalived auf beiden, und sehen sie sich?)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="408" />
        <source>neither node holds %1: clients cannot reach the broker (is keepalived running?)</source>
        <translation>kein Knoten hat %1: Clients erreichen den Broker nicht (läuft keepalived?)</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="419" />
        <source>terminalservers: the nodes DIFFER: %1</source>
        <translation>terminalservers: die Knoten UNTERSCHEIDEN sich: %1</translation>
    </message>
    <message>
        <location filename="../gui/console/overviewpage.cpp" line="422" />
        <source>terminalservers: %1</source>
        <translation>terminalservers: %1</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="18" />
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="19" />
        <source>Every step, as tl-ha-setup reports it. Step 6 is not checked yet; step 9 is the failover drill, once nothing needs fixing.</source>
        <translation>Jeder Schritt, wie tl-ha-setup ihn meldet. Schritt 6 wird noch nicht geprüft; Schritt 9 ist die Failover-Übung, sobald nichts mehr zu beheben ist.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="33" />
        <source>Save report…</source>
        <translation>Bericht speichern…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="36" />
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="39" />
        <source>Run the failover drill…</source>
        <translation>Failover-Übung ausführen…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="64" />
        <source>The failover drill runs: the primary steps down, the secondary takes over, then the same back…</source>
        <translation>Die Failover-Übung läuft: Der primäre Knoten tritt zurück, der sekundäre übernimmt, dann dasselbe zurück…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="70" />
        <source>Asking both nodes…</source>
        <translation>Beide Knoten werden gefragt…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="73" />
        <source>The nodes could not be asked:</source>
        <translation>Die Knoten konnten nicht gefragt werden:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="77" />
        <source>All fine: the pair is ready for the steps not checked yet.</source>
        <translation>Alles in Ordnung: Das Paar ist bereit für die Schritte, die noch nicht geprüft werden.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="78" />
        <source>Something needs fixing: see the errors below.</source>
        <translation>Etwas muss behoben werden: siehe die Fehler unten.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="97" />
        <source>Save report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="98" />
        <source>Report (FILE.txt and FILE.json) (*.txt *.json);;All files (*)</source>
        <translation>Bericht (DATEI.txt und DATEI.json) (*.txt *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="108" />
        <source>The report was not saved: %1</source>
        <translation>Der Bericht wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="109" />
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="109" />
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="117" />
        <source>there is no report yet</source>
        <translation>es gibt noch keinen Bericht</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="122" />
        <source>give a file name</source>
        <translation>einen Dateinamen angeben</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="132" />
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="151" />
        <source>Run the failover drill?</source>
        <translation>Die Failover-Übung ausführen?</translation>
    </message>
    <message>
        <location filename="../gui/wizard/reportpage.cpp" line="152" />
        <source>The primary steps down: the secondary must take the resource IP and every session, then the same back. Sessions stay up; new logins wait a few seconds while the resource IP moves.</source>
        <translation>Der primäre Knoten tritt zurück: Der sekundäre muss die Ressourcen-IP und jede Sitzung übernehmen, dann dasselbe zurück. Die Sitzungen bleiben bestehen; neue Anmeldungen warten einige Sekunden, während die Ressourcen-IP umzieht.</translation>
    </message>
</context>
<context>
    <name>SessionModel</name>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="14" />
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="16" />
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="18" />
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="19" />
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="62" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="63" />
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="86" />
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="88" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="90" />
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="92" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="94" />
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="96" />
        <source>Last client</source>
        <translation>Letzter Client</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="98" />
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="100" />
        <source>Session ID</source>
        <translation>Sitzungs-ID</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionmodel.cpp" line="118" />
        <source>%1 (active)</source>
        <translation>%1 (aktiv)</translation>
    </message>
</context>
<context>
    <name>SessionsPage</name>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="89" />
        <source>Filter: user, agent, display, state, client, node…</source>
        <translation>Filter: Benutzer, Agent, Display, Zustand, Client, Knoten…</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="91" />
        <source>Terminate…</source>
        <translation>Beenden…</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="294" />
        <source>%n session(s) shown</source>
        <translation><numerusform>%n Sitzung angezeigt</numerusform><numerusform>%n Sitzungen angezeigt</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="295" />
        <source>%n in total</source>
        <translation><numerusform>%n insgesamt</numerusform><numerusform>%n insgesamt</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="303" />
        <source>not shown: the sessions of %1 (not connected)</source>
        <translation>nicht angezeigt: die Sitzungen von %1 (nicht verbunden)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="331" />
        <source>Terminate sessions</source>
        <translation>Sitzungen beenden</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="255" />
        <source>Terminate %n session(s)? Unsaved work in them is lost.</source>
        <translation><numerusform>%n Sitzung beenden? Ungespeicherte Arbeit darin geht verloren.</numerusform><numerusform>%n Sitzungen beenden? Ungespeicherte Arbeit darin geht verloren.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="34" />
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="35" />
        <source>%1 (uid %2)</source>
        <translation>%1 (UID %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="36" />
        <source>Session ID</source>
        <translation>Sitzungs-ID</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="37" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="40" />
        <source>%1 (clients reach it as %2)</source>
        <translation>%1 (Clients erreichen ihn als %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="41" />
        <source>Display</source>
        <translation>Display</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="42" />
        <source>:%1 (VNC port %2)</source>
        <translation>:%1 (VNC-Port %2)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="45" />
        <source>Geometry</source>
        <translation>Geometrie</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="45" />
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="47" />
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="48" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="49" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="50" />
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="52" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="53" />
        <source>Last connection</source>
        <translation>Letzte Verbindung</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="54" />
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="55" />
        <source>Last client</source>
        <translation>Letzter Client</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="56" />
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="57" />
        <source>Record held by</source>
        <translation>Datensatz liegt auf</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="59" />
        <source>Record changed</source>
        <translation>Datensatz geändert</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="66" />
        <source>State changes</source>
        <translation>Zustandsänderungen</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="67" />
        <source>none seen since the console connected (the record keeps no history)</source>
        <translation>keine gesehen, seit die Konsole verbunden ist (der Datensatz führt keinen Verlauf)</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="156" />
        <source>Session details</source>
        <translation>Sitzungsdetails</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="207" />
        <source>Select a session to see its details.</source>
        <translation>Eine Sitzung auswählen, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="251" />
        <source>%1: display :%2 on %3 (session %4)</source>
        <translation>%1: Display :%2 auf %3 (Sitzung %4)</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="254" />
        <source>… and %n more</source>
        <translation><numerusform>… und %n weitere</numerusform><numerusform>… und %n weitere</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="342" />
        <source>Not terminated: no node that holds them is connected: %1</source>
        <translation>Nicht beendet: kein Knoten, der sie hat, ist verbunden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/console/sessionspage.cpp" line="362" />
        <source>%n session(s) terminated.</source>
        <translation><numerusform>%n Sitzung beendet.</numerusform><numerusform>%n Sitzungen beendet.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/console/sessionspage.cpp" line="363" />
        <source>Terminating failed: %1</source>
        <translation>Beenden fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>SetupRun</name>
    <message>
        <location filename="../gui/wizard/setuprun.cpp" line="28" />
        <location filename="../gui/wizard/setuprun.cpp" line="40" />
        <location filename="../gui/wizard/setuprun.cpp" line="82" />
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setuprun.cpp" line="29" />
        <source>the second node is missing</source>
        <translation>der zweite Knoten fehlt</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="20" />
        <source>OpenVSM HA setup wizard</source>
        <translation>OpenVSM HA-Einrichtungsassistent</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="90" />
        <source>cannot reach the %1 page</source>
        <translation>die Seite %1 ist nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="103" />
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../gui/wizard/setupwizard.cpp" line="113" />
        <source>Setup &amp;wizard…</source>
        <translation>&amp;Einrichtungsassistent…</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="47" />
        <source>Step %1: %2</source>
        <translation>Schritt %1: %2</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="58" />
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="62" />
        <source>Apply…</source>
        <translation>Anwenden…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="69" />
        <source>asking the nodes… %v of %m answered</source>
        <translation>Knoten werden gefragt… %v von %m haben geantwortet</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="105" />
        <source>Apply the changes?</source>
        <translation>Die Änderungen anwenden?</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="106" />
        <source>These changes will be made through the nodes' admin API:

%1</source>
        <translation>Diese Änderungen werden über die Admin-API der Knoten vorgenommen:

%1</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="126" />
        <source>Asking both nodes and resolving the names on this machine…</source>
        <translation>Beide Knoten werden gefragt und die Namen auf diesem Rechner aufgelöst…</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="131" />
        <source>The nodes could not be asked:</source>
        <translation>Die Knoten konnten nicht gefragt werden:</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="136" />
        <source>Not checked yet.</source>
        <translation>Noch nicht geprüft.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="146" />
        <source>This step was not checked.</source>
        <translation>Dieser Schritt wurde nicht geprüft.</translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="174" />
        <source>Applying failed: %1</source>
        <translation>Anwenden fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/wizard/steppage.cpp" line="176" />
        <source>%n error(s) to fix before HA can be enabled.</source>
        <translation><numerusform>%n Fehler zu beheben, bevor HA aktiviert werden kann.</numerusform><numerusform>%n Fehler zu beheben, bevor HA aktiviert werden kann.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../gui/wizard/steppage.cpp" line="177" />
        <source>No errors; %n warning(s).</source>
        <translation><numerusform>Keine Fehler; %n Warnung.</numerusform><numerusform>Keine Fehler; %n Warnungen.</numerusform></translation>
    </message>
    <message>
        <location filename="../gui/wizard/steppage.cpp" line="178" />
        <source>All fine.</source>
        <translation>Alles in Ordnung.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../gui/console/main.cpp" line="84" />
        <source>Admin password</source>
        <translation>Admin-Passwort</translation>
    </message>
    <message>
        <location filename="../gui/console/main.cpp" line="85" />
        <source>Admin password:</source>
        <translation>Admin-Passwort:</translation>
    </message>
</context>
</TS>
