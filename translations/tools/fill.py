#!/usr/bin/env python3
"""Fills translations/openvsm_{sv,de}.ts from the tables below (run after lupdate when the
console's strings change; strings without a translation stay unfinished and lrelease fails)."""
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))

# (context, source) -> (sv, de); plural entries -> ([sv forms], [de forms])
T = {
 ('Client::AdminClient', '%1 presented no certificate; not sending the password'):
  ('%1 visade inget certifikat; lösenordet skickas inte', '%1 hat kein Zertifikat vorgelegt; das Passwort wird nicht gesendet'),
 ('Client::AdminClient', 'the certificate of %1 has CHANGED (pinned %2, now %3); refused: not sending the password'):
  ('certifikatet för %1 har ÄNDRATS (fäst %2, nu %3); vägrat: lösenordet skickas inte', 'das Zertifikat von %1 hat sich GEÄNDERT (gespeichert %2, jetzt %3); abgelehnt: das Passwort wird nicht gesendet'),
 ('Client::AdminClient', 'the certificate of %1 (%2) was not accepted; not sending the password'):
  ('certifikatet för %1 (%2) godtogs inte; lösenordet skickas inte', 'das Zertifikat von %1 (%2) wurde nicht akzeptiert; das Passwort wird nicht gesendet'),
 ('Client::AdminClient', '%1 closed the connection: %2'): ('%1 stängde anslutningen: %2', '%1 hat die Verbindung geschlossen: %2'),
 ('Client::AdminClient', 'login to %1 refused: %2'): ('inloggning på %1 vägrades: %2', 'Anmeldung an %1 abgelehnt: %2'),
 ('Client::AdminClient', 'not connected'): ('inte ansluten', 'nicht verbunden'),
 ('Client::AdminClient', 'no answer from %1 for %2 s'): ('inget svar från %1 på %2 s', 'keine Antwort von %1 seit %2 s'),
 ('AgentsPage', 'Agent'): ('Agent', 'Agent'),
 ('AgentsPage', 'Reachable'): ('Nåbar', 'Erreichbar'),
 ('AgentsPage', 'Sessions'): ('Sessioner', 'Sitzungen'),
 ('AgentsPage', 'CPU'): ('CPU', 'CPU'),
 ('AgentsPage', 'Memory'): ('Minne', 'Speicher'),
 ('AgentsPage', 'allowed_clients'): ('allowed_clients', 'allowed_clients'),
 ('AgentsPage', 'master_hostname'): ('master_hostname', 'master_hostname'),
 ('AgentsPage', 'Check'): ('Kontroll', 'Prüfung'),
 ('AgentsPage', 'Fix'): ('Åtgärda', 'Beheben'),
 ('AgentsPage', 'yes'): ('ja', 'ja'),
 ('AgentsPage', 'no: %1'): ('nej: %1', 'nein: %1'),
 ('AgentsPage', '%1 % (%2 CPUs)'): ('%1 % (%2 CPU:er)', '%1 % (%2 CPUs)'),
 ('AgentsPage', '%1 of %2 GiB'): ('%1 av %2 GiB', '%1 von %2 GiB'),
 ('AgentsPage', 'allowed_clients lacks %1'): ('allowed_clients saknar %1', 'allowed_clients fehlt %1'),
 ('AgentsPage', "master_hostname is '%1', not the resource name %2"):
  ("master_hostname är '%1', inte resursnamnet %2", "master_hostname ist '%1', nicht der Ressourcenname %2"),
 ('AgentsPage', 'unknown'): ('okänt', 'unbekannt'),
 ('AgentsPage', 'OK'): ('OK', 'OK'),
 ('AgentsPage', 'Agent %1 changed.'): ('Agenten %1 ändrades.', 'Agent %1 wurde geändert.'),
 ('AgentsPage', 'Changing agent %1 failed: %2'): ('Det gick inte att ändra agenten %1: %2', 'Ändern von Agent %1 fehlgeschlagen: %2'),
 ('ConfigPage', "Terminal servers (/vsmserver/terminalservers): the agents the nodes start sessions on. Use each agent's unique host name, never 127.0.0.1, when HA is on."):
  ('Terminalservrar (/vsmserver/terminalservers): agenterna som noderna startar sessioner på. Använd varje agents unika värdnamn, aldrig 127.0.0.1, när HA är på.',
   'Terminalserver (/vsmserver/terminalservers): die Agenten, auf denen die Knoten Sitzungen starten. Bei aktivem HA den eindeutigen Hostnamen jedes Agenten verwenden, nie 127.0.0.1.'),
 ('ConfigPage', 'host or host:port'): ('värd eller värd:port', 'Host oder Host:Port'),
 ('ConfigPage', 'Add'): ('Lägg till', 'Hinzufügen'),
 ('ConfigPage', 'Remove'): ('Ta bort', 'Entfernen'),
 ('ConfigPage', 'Reload'): ('Läs om', 'Neu laden'),
 ('ConfigPage', 'Apply to both nodes'): ('Verkställ på båda noderna', 'Auf beide Knoten anwenden'),
 ('ConfigPage', 'The list is empty: no sessions could be started. Add at least one agent.'):
  ('Listan är tom: inga sessioner skulle kunna startas. Lägg till minst en agent.', 'Die Liste ist leer: es könnten keine Sitzungen gestartet werden. Mindestens einen Agenten hinzufügen.'),
 ('ConfigPage', '%1: not connected, not changed'): ('%1: inte ansluten, inte ändrad', '%1: nicht verbunden, nicht geändert'),
 ('ConfigPage', 'Applying…'): ('Verkställer…', 'Wird angewendet…'),
 ('ConfigPage', '%1 refused: %2'): ('%1 vägrade: %2', '%1 lehnte ab: %2'),
 ('ConfigPage', 'Read back: identical on every node: %1'): ('Återläst: identisk på alla noder: %1', 'Zurückgelesen: auf allen Knoten gleich: %1'),
 ('ConfigPage', 'Read back from %n node(s): %1'):
  (['Återläst från %n nod: %1', 'Återläst från %n noder: %1'], ['Von %n Knoten zurückgelesen: %1', 'Von %n Knoten zurückgelesen: %1']),
 ('ConfigPage', 'The nodes DIFFER:'): ('Noderna SKILJER SIG:', 'Die Knoten UNTERSCHEIDEN sich:'),
 ('ConfigPage', '%1: %2'): ('%1: %2', '%1: %2'),
 ('ConnectDialog', 'Connect to a cluster'): ('Anslut till ett kluster', 'Mit einem Cluster verbinden'),
 ('ConnectDialog', '(new cluster)'): ('(nytt kluster)', '(neuer Cluster)'),
 ('ConnectDialog', 'host or host:port (admin port 9002)'): ('värd eller värd:port (administrationsport 9002)', 'Host oder Host:Port (Admin-Port 9002)'),
 ('ConnectDialog', 'the other node (empty for a lone server)'): ('den andra noden (tom för en ensam server)', 'der andere Knoten (leer bei einem einzelnen Server)'),
 ('ConnectDialog', 'the resource name the HA engine moves'): ('resursnamnet som HA-motorn flyttar', 'der Ressourcenname, den die HA-Software verschiebt'),
 ('ConnectDialog', 'Keep the password in the desktop keychain'): ('Spara lösenordet i skrivbordets nyckelring', 'Passwort im Schlüsselbund des Desktops speichern'),
 ('ConnectDialog', 'Recent:'): ('Senaste:', 'Zuletzt:'),
 ('ConnectDialog', 'Node 1:'): ('Nod 1:', 'Knoten 1:'),
 ('ConnectDialog', 'Node 2:'): ('Nod 2:', 'Knoten 2:'),
 ('ConnectDialog', 'Resource name:'): ('Resursnamn:', 'Ressourcenname:'),
 ('ConnectDialog', 'Admin password:'): ('Administratörslösenord:', 'Admin-Passwort:'),
 ('ConnectDialog', 'Connect'): ('Anslut', 'Verbinden'),
 ('ConnectDialog', 'No keychain service is available: the password is asked each time and is not stored anywhere.'):
  ('Ingen nyckelringstjänst finns: lösenordet efterfrågas varje gång och sparas ingenstans.', 'Kein Schlüsselbund-Dienst verfügbar: das Passwort wird jedes Mal abgefragt und nirgends gespeichert.'),
 ('FingerprintDialog', 'Certificate changed'): ('Certifikatet har ändrats', 'Zertifikat geändert'),
 ('FingerprintDialog', 'New node certificate'): ('Nytt nodcertifikat', 'Neues Knotenzertifikat'),
 ('FingerprintDialog', 'WARNING: the admin certificate of %1 has CHANGED since it was pinned.\n\nPinned:\n%2\n\nPresented now:\n%3\n\nSomeone may be intercepting the connection. Accept only if the node was reinstalled on purpose and the new fingerprint matches what the node shows.'):
  ('VARNING: administrationscertifikatet för %1 har ÄNDRATS sedan det fästes.\n\nFäst:\n%2\n\nVisas nu:\n%3\n\nNågon kan avlyssna anslutningen. Godta bara om noden installerades om avsiktligt och det nya fingeravtrycket stämmer med det noden visar.',
   'WARNUNG: das Admin-Zertifikat von %1 hat sich GEÄNDERT, seit es gespeichert wurde.\n\nGespeichert:\n%2\n\nJetzt vorgelegt:\n%3\n\nJemand könnte die Verbindung abfangen. Nur akzeptieren, wenn der Knoten absichtlich neu installiert wurde und der neue Fingerabdruck mit dem übereinstimmt, den der Knoten anzeigt.'),
 ('FingerprintDialog', 'This is the first connection to %1.\n\nIts admin certificate has the SHA-256 fingerprint:\n%2\n\nCompare it with the fingerprint the node logs at start (or shows in `tlctl --node … status`). If it matches, trust it: it will be pinned.'):
  ('Detta är den första anslutningen till %1.\n\nDess administrationscertifikat har SHA-256-fingeravtrycket:\n%2\n\nJämför det med fingeravtrycket som noden loggar vid start (eller visar i `tlctl --node … status`). Om det stämmer, lita på det: det fästs.',
   'Dies ist die erste Verbindung zu %1.\n\nSein Admin-Zertifikat hat den SHA-256-Fingerabdruck:\n%2\n\nVergleichen Sie ihn mit dem Fingerabdruck, den der Knoten beim Start protokolliert (oder in `tlctl --node … status` anzeigt). Wenn er übereinstimmt, vertrauen Sie ihm: er wird gespeichert.'),
 ('FingerprintDialog', 'Accept the new certificate'): ('Godta det nya certifikatet', 'Neues Zertifikat akzeptieren'),
 ('FingerprintDialog', 'Trust and connect'): ('Lita på och anslut', 'Vertrauen und verbinden'),
 ('FingerprintDialog', 'Refuse'): ('Vägra', 'Ablehnen'),
 ('KeychainStore', 'no keychain service is available'): ('ingen nyckelringstjänst finns', 'kein Schlüsselbund-Dienst verfügbar'),
 ('MainWindow', 'Overview'): ('Översikt', 'Übersicht'),
 ('MainWindow', 'Sessions'): ('Sessioner', 'Sitzungen'),
 ('MainWindow', 'Agents'): ('Agenter', 'Agenten'),
 ('MainWindow', 'Configuration'): ('Konfiguration', 'Konfiguration'),
 ('MainWindow', '&Cluster'): ('&Kluster', '&Cluster'),
 ('MainWindow', '&Connect…'): ('&Anslut…', '&Verbinden…'),
 ('MainWindow', '&Refresh'): ('&Uppdatera', '&Aktualisieren'),
 ('MainWindow', '&Quit'): ('A&vsluta', '&Beenden'),
 ('MainWindow', 'Not connected. Use Cluster → Connect.'): ('Inte ansluten. Använd Kluster → Anslut.', 'Nicht verbunden. Cluster → Verbinden verwenden.'),
 ('MainWindow', 'OpenVSM console'): ('OpenVSM-konsol', 'OpenVSM-Konsole'),
 ('MainWindow', 'OpenVSM console – %1'): ('OpenVSM-konsol – %1', 'OpenVSM-Konsole – %1'),
 ('MainWindow', 'Connect'): ('Anslut', 'Verbinden'),
 ('MainWindow', 'Give at least one node.'): ('Ange minst en nod.', 'Mindestens einen Knoten angeben.'),
 ('MainWindow', 'The password was not stored in the keychain: %1'): ('Lösenordet sparades inte i nyckelringen: %1', 'Das Passwort wurde nicht im Schlüsselbund gespeichert: %1'),
 ('MainWindow', 'cannot write %1'): ('kan inte skriva %1', '%1 kann nicht geschrieben werden'),
 ('NodeConnection', 'connection lost: %1'): ('anslutningen förlorades: %1', 'Verbindung verloren: %1'),
 ('OverviewPage', '%1 min'): ('%1 min', '%1 Min.'),
 ('OverviewPage', '%1 h %2 min'): ('%1 h %2 min', '%1 Std. %2 Min.'),
 ('OverviewPage', '%1 d %2 h'): ('%1 d %2 h', '%1 T. %2 Std.'),
 ('OverviewPage', 'Sessions'): ('Sessioner', 'Sitzungen'),
 ('OverviewPage', '(no second node)'): ('(ingen andra nod)', '(kein zweiter Knoten)'),
 ('OverviewPage', 'Only one node is configured: there is no failover partner.'): ('Bara en nod är angiven: det finns ingen failover-partner.', 'Nur ein Knoten ist angegeben: es gibt keinen Failover-Partner.'),
 ('OverviewPage', 'not configured'): ('inte angiven', 'nicht angegeben'),
 ('OverviewPage', 'connecting…'): ('ansluter…', 'verbindet…'),
 ('OverviewPage', 'unreachable'): ('onåbar', 'nicht erreichbar'),
 ('OverviewPage', '%1: %2'): ('%1: %2', '%1: %2'),
 ('OverviewPage', 'enabled; role and replication unknown (this vsmserver does not replicate yet)'):
  ('påslaget; roll och replikering okända (denna vsmserver replikerar inte ännu)', 'aktiviert; Rolle und Replikation unbekannt (dieser vsmserver repliziert noch nicht)'),
 ('OverviewPage', 'not enabled'): ('inte påslaget', 'nicht aktiviert'),
 ('OverviewPage', 'connected to %1'): ('ansluten till %1', 'verbunden mit %1'),
 ('OverviewPage', 'Version: %1\nUp: %2\nSessions: %3\nAgents reachable: %4 of %5\nHA: %6'):
  ('Version: %1\nIgång: %2\nSessioner: %3\nNåbara agenter: %4 av %5\nHA: %6', 'Version: %1\nLaufzeit: %2\nSitzungen: %3\nErreichbare Agenten: %4 von %5\nHA: %6'),
 ('OverviewPage', '%1: no agents are configured (/vsmserver/terminalservers is empty)'):
  ('%1: inga agenter är angivna (/vsmserver/terminalservers är tom)', '%1: keine Agenten angegeben (/vsmserver/terminalservers ist leer)'),
 ('OverviewPage', '%1: agent %2 is unreachable: %3'): ('%1: agenten %2 är onåbar: %3', '%1: Agent %2 ist nicht erreichbar: %3'),
 ('OverviewPage', 'terminalservers: %1'): ('terminalservers: %1', 'terminalservers: %1'),
 ('OverviewPage', 'logged in, waiting for the status…'): ('inloggad, väntar på status…', 'angemeldet, warte auf den Status…'),
 ('OverviewPage', 'Replication lag'): ('Replikeringsfördröjning', 'Replikationsverzögerung'),
 ('OverviewPage', 'sessions'): ('sessioner', 'Sitzungen'),
 ('OverviewPage', 'ms'): ('ms', 'ms'),
 ('LiveChart', '%1 %2'): ('%1 %2', '%1 %2'),
 ('LiveChart', 'now'): ('nu', 'jetzt'),
 ('LiveChart', '%1 s'): ('%1 s', '%1 s'),
 ('LiveChart', '%1 min'): ('%1 min', '%1 min'),
 ('OverviewPage', 'enabled; state unknown'): ('påslaget; tillstånd okänt', 'aktiviert; Zustand unbekannt'),
 ('OverviewPage', '%1: HA is enabled but not running: %2'): ('%1: HA är påslaget men körs inte: %2', '%1: HA ist aktiviert, läuft aber nicht: %2'),
 ('OverviewPage', 'enabled but not running'): ('påslaget men körs inte', 'aktiviert, läuft aber nicht'),
 ('OverviewPage', 'replication link %1 (%2), lag %3 changes / %4 ms'): ('replikeringslänk %1 (%2), fördröjning %3 ändringar / %4 ms', 'Replikationsverbindung %1 (%2), Verzögerung %3 Änderungen / %4 ms'),
 ('OverviewPage', '%1: the replication link to %2 is down'): ('%1: replikeringslänken till %2 är nere', '%1: die Replikationsverbindung zu %2 ist unterbrochen'),
 ('OverviewPage', 'DEGRADED: %1'): ('DEGRADERAD: %1', 'BEEINTRÄCHTIGT: %1'),
 ('OverviewPage', '%1: degraded: %2'): ('%1: degraderad: %2', '%1: beeinträchtigt: %2'),
 ('OverviewPage', 'configuration of the peer not known yet'): ('partnerns konfiguration är ännu okänd', 'Konfiguration des Partners noch unbekannt'),
 ('OverviewPage', 'configuration identical on both nodes'): ('konfigurationen är identisk på båda noderna', 'Konfiguration auf beiden Knoten gleich'),
 ('OverviewPage', 'configuration differs: %1'): ('konfigurationen skiljer sig: %1', 'Konfiguration unterscheidet sich: %1'),
 ('OverviewPage', '%1: configuration differs from the peer: %2'): ('%1: konfigurationen skiljer sig från partnerns: %2', '%1: Konfiguration unterscheidet sich vom Partner: %2'),
 ('OverviewPage', 'No problems.'): ('Inga problem.', 'Keine Probleme.'),
 ('OverviewPage', 'Problems:'): ('Problem:', 'Probleme:'),
 ('SessionModel', '%1 s'): ('%1 s', '%1 s'),
 ('SessionModel', '%1 min'): ('%1 min', '%1 Min.'),
 ('SessionModel', '%1 h %2 min'): ('%1 h %2 min', '%1 Std. %2 Min.'),
 ('SessionModel', '%1 d %2 h'): ('%1 d %2 h', '%1 T. %2 Std.'),
 ('SessionModel', 'running'): ('körs', 'läuft'),
 ('SessionModel', 'disconnected'): ('frånkopplad', 'getrennt'),
 ('SessionModel', 'User'): ('Användare', 'Benutzer'),
 ('SessionModel', 'Agent'): ('Agent', 'Agent'),
 ('SessionModel', 'Display'): ('Display', 'Display'),
 ('SessionModel', 'State'): ('Tillstånd', 'Zustand'),
 ('SessionModel', 'Age'): ('Ålder', 'Alter'),
 ('SessionModel', 'Last client'): ('Senaste klient', 'Letzter Client'),
 ('SessionModel', 'Node'): ('Nod', 'Knoten'),
 ('SessionModel', 'Session ID'): ('Sessions-ID', 'Sitzungs-ID'),
 ('SessionsPage', 'Filter: user, agent, display, state, client, node…'): ('Filter: användare, agent, display, tillstånd, klient, nod…', 'Filter: Benutzer, Agent, Display, Zustand, Client, Knoten…'),
 ('SessionsPage', 'Terminate…'): ('Avsluta…', 'Beenden…'),
 ('SessionsPage', '%n session(s) shown'): (['%n session visas', '%n sessioner visas'], ['%n Sitzung angezeigt', '%n Sitzungen angezeigt']),
 ('SessionsPage', '%n in total'): (['%n totalt', '%n totalt'], ['%n insgesamt', '%n insgesamt']),
 ('SessionsPage', 'Terminate sessions'): ('Avsluta sessioner', 'Sitzungen beenden'),
 ('SessionsPage', 'Terminate %n session(s)? Unsaved work in them is lost.'):
  (['Avsluta %n session? Osparat arbete i den går förlorat.', 'Avsluta %n sessioner? Osparat arbete i dem går förlorat.'],
   ['%n Sitzung beenden? Ungespeicherte Arbeit darin geht verloren.', '%n Sitzungen beenden? Ungespeicherte Arbeit darin geht verloren.']),
 ('SessionsPage', '%n session(s) terminated.'): (['%n session avslutades.', '%n sessioner avslutades.'], ['%n Sitzung beendet.', '%n Sitzungen beendet.']),
 ('SessionsPage', 'Terminating failed: %1'): ('Det gick inte att avsluta: %1', 'Beenden fehlgeschlagen: %1'),
 ('main', 'Admin password'): ('Administratörslösenord', 'Admin-Passwort'),
 ('main', 'Admin password:'): ('Administratörslösenord:', 'Admin-Passwort:'),
 ('MainWindow', 'Failover drill'): ('Failover-övning', 'Failover-Übung'),
 ('DrillPage', 'A failover drill makes the active node step down through its health check, waits until the peer holds the resource IP, and checks that every session is present on the new active node and alive on its agent. Users are moved to the other node: run it when that is acceptable.'):
  ('En failover-övning får den aktiva noden att kliva åt sidan via sin hälsokontroll, väntar tills den andra noden har resurs-IP:n och kontrollerar att varje session finns på den nya aktiva noden och lever på sin agent. Användarna flyttas till den andra noden: kör den när det går bra.',
   'Eine Failover-Übung lässt den aktiven Knoten über seine Zustandsprüfung zurücktreten, wartet, bis der andere Knoten die Ressourcen-IP hält, und prüft, dass jede Sitzung auf dem neuen aktiven Knoten vorhanden ist und auf ihrem Agenten läuft. Benutzer werden auf den anderen Knoten verschoben: führen Sie sie aus, wenn das vertretbar ist.'),
 ('DrillPage', 'Move back to the original node afterwards'): ('Flytta tillbaka till den ursprungliga noden efteråt', 'Danach auf den ursprünglichen Knoten zurückverschieben'),
 ('DrillPage', 'Start drill'): ('Starta övning', 'Übung starten'),
 ('DrillPage', 'Time (ms)'): ('Tid (ms)', 'Zeit (ms)'),
 ('DrillPage', 'Step'): ('Steg', 'Schritt'),
 ('DrillPage', 'Result'): ('Resultat', 'Ergebnis'),
 ('DrillPage', 'Details'): ('Detaljer', 'Details'),
 ('DrillPage', 'No drill has run yet.'): ('Ingen övning har körts än.', 'Es wurde noch keine Übung ausgeführt.'),
 ('DrillPage', 'Save report…'): ('Spara rapport…', 'Bericht speichern…'),
 ('DrillPage', 'Active node'): ('Aktiv nod', 'Aktiver Knoten'),
 ('DrillPage', 'Step down'): ('Kliv åt sidan', 'Zurücktreten'),
 ('DrillPage', 'Resource released'): ('Resursen frisläppt', 'Ressource freigegeben'),
 ('DrillPage', 'Peer took over'): ('Den andra noden tog över', 'Anderer Knoten hat übernommen'),
 ('DrillPage', 'Peer is MASTER'): ('Den andra noden är MASTER', 'Anderer Knoten ist MASTER'),
 ('DrillPage', 'Original is MASTER again'): ('Ursprunglig nod är MASTER igen', 'Ursprünglicher Knoten ist wieder MASTER'),
 ('DrillPage', 'Sessions present'): ('Sessionerna finns', 'Sitzungen vorhanden'),
 ('DrillPage', 'Sessions verified'): ('Sessionerna verifierade', 'Sitzungen überprüft'),
 ('DrillPage', 'Original node fit again'): ('Ursprunglig nod redo igen', 'Ursprünglicher Knoten wieder bereit'),
 ('DrillPage', 'Step down (move back)'): ('Kliv åt sidan (tillbaka)', 'Zurücktreten (zurück)'),
 ('DrillPage', 'Resource released (move back)'): ('Resursen frisläppt (tillbaka)', 'Ressource freigegeben (zurück)'),
 ('DrillPage', 'Moved back'): ('Flyttad tillbaka', 'Zurückverschoben'),
 ('DrillPage', 'Sessions present (move back)'): ('Sessionerna finns (tillbaka)', 'Sitzungen vorhanden (zurück)'),
 ('DrillPage', 'Sessions verified (move back)'): ('Sessionerna verifierade (tillbaka)', 'Sitzungen überprüft (zurück)'),
 ('DrillPage', 'Step-down ended'): ('Avkliv avslutat', 'Zurücktreten beendet'),
 ('DrillPage', 'Drill finished'): ('Övningen klar', 'Übung beendet'),
 ('DrillPage', 'Connect to both nodes to run a drill.'): ('Anslut till båda noderna för att köra en övning.', 'Verbinden Sie sich mit beiden Knoten, um eine Übung auszuführen.'),
 ('DrillPage', 'Failover drill'): ('Failover-övning', 'Failover-Übung'),
 ('DrillPage', 'Move the resource IP to the other node now? Connected users reconnect to the new active node.'):
  ('Flytta resurs-IP:n till den andra noden nu? Anslutna användare återansluter till den nya aktiva noden.', 'Die Ressourcen-IP jetzt auf den anderen Knoten verschieben? Verbundene Benutzer verbinden sich mit dem neuen aktiven Knoten neu.'),
 ('DrillPage', 'Drill passed in %1 ms.'): ('Övningen lyckades på %1 ms.', 'Übung in %1 ms bestanden.'),
 ('DrillPage', 'Drill failed: %1'): ('Övningen misslyckades: %1', 'Übung fehlgeschlagen: %1'),
 ('DrillPage', 'Drill running…'): ('Övningen körs…', 'Übung läuft…'),
 ('DrillPage', 'ok'): ('ok', 'ok'),
 ('DrillPage', 'failed'): ('misslyckades', 'fehlgeschlagen'),
 ('DrillPage', 'no drill has run yet'): ('ingen övning har körts än', 'es wurde noch keine Übung ausgeführt'),
 ('DrillPage', 'cannot write %1: %2'): ('kan inte skriva %1: %2', '%1 kann nicht geschrieben werden: %2'),
 ('DrillPage', 'Save drill report'): ('Spara övningsrapport', 'Übungsbericht speichern'),
 ('DrillPage', 'Text (*.txt);;JSON (*.json)'): ('Text (*.txt);;JSON (*.json)', 'Text (*.txt);;JSON (*.json)'),
 ('Client::AdminClient', 'no answer from %1 for %2 s'): ('inget svar från %1 på %2 s', 'keine Antwort von %1 seit %2 s'),
 ('AgentsPage', 'agent %1: %2'): ('agent %1: %2', 'Agent %1: %2'),
 ('AgentsPage', 'agent %1: its configuration cannot be read: %2'):
  ('agent %1: dess konfiguration kan inte läsas: %2', 'Agent %1: seine Konfiguration kann nicht gelesen werden: %2'),
 ('ConfigPage', "Your edits are not applied yet; Reload shows the nodes' list."):
  ('Dina ändringar är inte verkställda än; Läs om visar nodernas lista.', 'Ihre Änderungen sind noch nicht angewendet; Neu laden zeigt die Liste der Knoten.'),
 ('MainWindow', '%1: %2'): ('%1: %2', '%1: %2'),
 ('MainWindow', ' and '): (' och ', ' und '),
 ('MainWindow', '%1 refused the admin password. Enter it again:'):
  ('%1 vägrade adminlösenordet. Ange det igen:', '%1 hat das Admin-Passwort abgelehnt. Bitte erneut eingeben:'),
 ('MainWindow', 'Login refused'): ('Inloggning vägrad', 'Anmeldung abgelehnt'),
 ('NodeConnection', 'not connected'): ('inte ansluten', 'nicht verbunden'),
 ('NodeConnection', 'bad address'): ('felaktig adress', 'ungültige Adresse'),
 ('NodeConnection', 'connecting'): ('ansluter', 'verbindet'),
 ('NodeConnection', 'unreachable since %1, reconnecting'): ('onåbar sedan %1, återansluter', 'nicht erreichbar seit %1, verbindet erneut'),
 ('NodeConnection', 'unreachable since %1'): ('onåbar sedan %1', 'nicht erreichbar seit %1'),
 ('NodeConnection', 'checking the certificate'): ('kontrollerar certifikatet', 'Zertifikat wird geprüft'),
 ('NodeConnection', 'logging in'): ('loggar in', 'meldet an'),
 ('NodeConnection', 'connected'): ('ansluten', 'verbunden'),
 ('NodeConnection', 'login refused'): ('inloggning vägrad', 'Anmeldung abgelehnt'),
 ('NodeConnection', 'certificate refused'): ('certifikatet vägrat', 'Zertifikat abgelehnt'),
 ('OverviewPage', '%n s ago'): (['för %n sekund sedan', 'för %n sekunder sedan'], ['vor %n Sekunde', 'vor %n Sekunden']),
 ('OverviewPage', '%n min ago'): (['för %n minut sedan', 'för %n minuter sedan'], ['vor %n Minute', 'vor %n Minuten']),
 ('OverviewPage', '%n h ago'): (['för %n timme sedan', 'för %n timmar sedan'], ['vor %n Stunde', 'vor %n Stunden']),
 ('OverviewPage', 'configuration differs: terminalservers (read back by the console)'):
  ('konfigurationen skiljer sig: terminalservers (återläst av konsolen)', 'Konfiguration unterscheidet sich: terminalservers (von der Konsole zurückgelesen)'),
 ('OverviewPage', 'unreachable since %1'): ('onåbar sedan %1', 'nicht erreichbar seit %1'),
 ('OverviewPage', 'reconnecting…'): ('återansluter…', 'verbindet erneut…'),
 ('OverviewPage', 'reconnecting: next attempt in %n s'):
  (['återansluter: nästa försök om %n sekund', 'återansluter: nästa försök om %n sekunder'],
   ['verbindet erneut: nächster Versuch in %n Sekunde', 'verbindet erneut: nächster Versuch in %n Sekunden']),
 ('OverviewPage', 'Last data at %1 (%2):'): ('Senaste data kl. %1 (%2):', 'Letzte Daten um %1 (%2):'),
 ('OverviewPage', '%1: unreachable since %2'): ('%1: onåbar sedan %2', '%1: nicht erreichbar seit %2'),
 ('OverviewPage', '%1: unreachable since %2: %3'): ('%1: onåbar sedan %2: %3', '%1: nicht erreichbar seit %2: %3'),
 ('OverviewPage', 'not connected'): ('inte ansluten', 'nicht verbunden'),
 ('OverviewPage', 'checking the certificate…'): ('kontrollerar certifikatet…', 'Zertifikat wird geprüft…'),
 ('OverviewPage', 'Compare the fingerprint with the one the node logged at start before trusting it.'):
  ('Jämför fingeravtrycket med det som noden loggade vid start innan du litar på det.',
   'Vergleichen Sie den Fingerabdruck mit dem, den der Knoten beim Start protokolliert hat, bevor Sie ihm vertrauen.'),
 ('OverviewPage', 'logging in…'): ('loggar in…', 'meldet an…'),
 ('OverviewPage', 'login refused'): ('inloggning vägrad', 'Anmeldung abgelehnt'),
 ('OverviewPage', 'Enter the password again, or use Cluster → Connect.'):
  ('Ange lösenordet igen, eller använd Kluster → Anslut.', 'Passwort erneut eingeben, oder Cluster → Verbinden verwenden.'),
 ('OverviewPage', '%1: login refused: %2'): ('%1: inloggning vägrad: %2', '%1: Anmeldung abgelehnt: %2'),
 ('OverviewPage', 'certificate refused'): ('certifikatet vägrat', 'Zertifikat abgelehnt'),
 ('OverviewPage', 'terminalservers: the nodes DIFFER: %1'): ('terminalservers: noderna SKILJER SIG: %1', 'terminalservers: die Knoten UNTERSCHEIDEN sich: %1'),
 ('SessionsPage', 'not shown: the sessions of %1 (not connected)'):
  ('visas inte: sessionerna på %1 (inte ansluten)', 'nicht angezeigt: die Sitzungen von %1 (nicht verbunden)'),
 ('OverviewPage', 'nothing yet'): ('inget ännu', 'noch nichts'),
 ('OverviewPage', 'role %1 (notify hook); no HA/resource_address to check which node holds the resource IP'):
  ('roll %1 (notify-hook); ingen HA/resource_address att kontrollera vilken nod som har resurs-IP:n med',
   'Rolle %1 (Notify-Hook); keine HA/resource_address, um zu prüfen, welcher Knoten die Ressourcen-IP hat'),
 ('OverviewPage', 'holds %1, role %2 (notify hook)'): ('har %1, roll %2 (notify-hook)', 'hat %1, Rolle %2 (Notify-Hook)'),
 ('OverviewPage', '%1 holds %2 but its notify hook did not say MASTER (it said: %3)'):
  ('%1 har %2 men dess notify-hook sade inte MASTER (den sade: %3)', '%1 hat %2, aber sein Notify-Hook meldete nicht MASTER (sondern: %3)'),
 ('OverviewPage', 'does not hold %1, role %2 (notify hook)'): ('har inte %1, roll %2 (notify-hook)', 'hat %1 nicht, Rolle %2 (Notify-Hook)'),
 ('OverviewPage', '%1: its notify hook said MASTER but %2 is not on any of its interfaces'):
  ('%1: dess notify-hook sade MASTER men %2 finns inte på något av dess gränssnitt', '%1: sein Notify-Hook meldete MASTER, aber %2 liegt auf keiner seiner Schnittstellen'),
 ('OverviewPage', 'both nodes hold %1: the resource IP must be on one node only (is keepalived running on both, and can they see each other?)'):
  ('båda noderna har %1: resurs-IP:n får bara finnas på en nod (kör keepalived på båda, och ser de varandra?)',
   'beide Knoten haben %1: die Ressourcen-IP darf nur auf einem Knoten liegen (läuft keepalived auf beiden, und sehen sie sich?)'),
 ('OverviewPage', 'neither node holds %1: clients cannot reach the broker (is keepalived running?)'):
  ('ingen nod har %1: klienter når inte brokern (kör keepalived?)', 'kein Knoten hat %1: Clients erreichen den Broker nicht (läuft keepalived?)'),
 ('AgentsPage', 'load %1 on 1 CPU'): ('last %1 på 1 CPU', 'Last %1 auf 1 CPU'),
 ('AgentsPage', 'load %1 on %2 CPUs'): ('last %1 på %2 CPU:er', 'Last %1 auf %2 CPUs'),
 ('AgentsPage', 'allowed_clients: "%1" → "%2"'): ('allowed_clients: "%1" → "%2"', 'allowed_clients: "%1" → "%2"'),
 ('AgentsPage', 'master_hostname: "%1" → "%2"'): ('master_hostname: "%1" → "%2"', 'master_hostname: "%1" → "%2"'),
 ('AgentsPage', 'Change the configuration of agent %1?'): ('Ändra konfigurationen för agenten %1?', 'Die Konfiguration von Agent %1 ändern?'),
 ('AgentsPage', 'The agent writes it to its configuration file and reloads it.'):
  ('Agenten skriver den till sin konfigurationsfil och läser om den.', 'Der Agent schreibt sie in seine Konfigurationsdatei und lädt sie neu.'),
 ('AgentsPage', 'Fix agent %1'): ('Åtgärda agenten %1', 'Agent %1 beheben'),
 ('AgentsPage', 'through %1: %2'): ('via %1: %2', 'über %1: %2'),
 ('AgentsPage', 'Agent %1 changed (through %2).'): ('Agenten %1 ändrades (via %2).', 'Agent %1 wurde geändert (über %2).'),
 ('ConfigPage', 'Listed twice: %1. Remove the duplicates first; nothing was changed.'):
  ('Listad två gånger: %1. Ta bort dubbletterna först; inget ändrades.', 'Doppelt aufgeführt: %1. Zuerst die Duplikate entfernen; nichts wurde geändert.'),
 ('OverviewPage', 'stepping down (failover drill) until %1: its health check says "not fit"'):
  ('kliver åt sidan (failover-övning) till %1: dess hälsokontroll säger "not fit"', 'tritt zurück (Failover-Übung) bis %1: seine Zustandsprüfung meldet "not fit"'),
 ('SessionModel', '%1 (active)'): ('%1 (aktiv)', '%1 (aktiv)'),
 ('SessionsPage', 'User'): ('Användare', 'Benutzer'),
 ('SessionsPage', '%1 (uid %2)'): ('%1 (uid %2)', '%1 (UID %2)'),
 ('SessionsPage', 'Session ID'): ('Sessions-ID', 'Sitzungs-ID'),
 ('SessionsPage', 'Agent'): ('Agent', 'Agent'),
 ('SessionsPage', '%1 (clients reach it as %2)'): ('%1 (klienter når den som %2)', '%1 (Clients erreichen ihn als %2)'),
 ('SessionsPage', 'Display'): ('Display', 'Display'),
 ('SessionsPage', ':%1 (VNC port %2)'): (':%1 (VNC-port %2)', ':%1 (VNC-Port %2)'),
 ('SessionsPage', 'Geometry'): ('Geometri', 'Geometrie'),
 ('SessionsPage', '(default)'): ('(standard)', '(Standard)'),
 ('SessionsPage', 'Command'): ('Kommando', 'Befehl'),
 ('SessionsPage', 'State'): ('Tillstånd', 'Zustand'),
 ('SessionsPage', 'running'): ('kör', 'läuft'),
 ('SessionsPage', 'disconnected'): ('frånkopplad', 'getrennt'),
 ('SessionsPage', 'Created'): ('Skapad', 'Erstellt'),
 ('SessionsPage', 'Last connection'): ('Senaste anslutning', 'Letzte Verbindung'),
 ('SessionsPage', 'never'): ('aldrig', 'nie'),
 ('SessionsPage', 'Last client'): ('Senaste klient', 'Letzter Client'),
 ('SessionsPage', 'none'): ('ingen', 'keiner'),
 ('SessionsPage', 'Record held by'): ('Posten finns på', 'Datensatz liegt auf'),
 ('SessionsPage', 'Record changed'): ('Posten ändrad', 'Datensatz geändert'),
 ('SessionsPage', 'State changes'): ('Tillståndsändringar', 'Zustandsänderungen'),
 ('SessionsPage', 'none seen since the console connected (the record keeps no history)'):
  ('inga sedda sedan konsolen anslöt (posten sparar ingen historik)', 'keine gesehen, seit die Konsole verbunden ist (der Datensatz führt keinen Verlauf)'),
 ('SessionsPage', 'Session details'): ('Sessionsdetaljer', 'Sitzungsdetails'),
 ('SessionsPage', 'Select a session to see its details.'): ('Välj en session för att se dess detaljer.', 'Eine Sitzung auswählen, um ihre Details zu sehen.'),
 ('SessionsPage', '%1: display :%2 on %3 (session %4)'): ('%1: display :%2 på %3 (session %4)', '%1: Display :%2 auf %3 (Sitzung %4)'),
 ('SessionsPage', '… and %n more'): (['… och %n till', '… och %n till'], ['… und %n weitere', '… und %n weitere']),
 ('SessionsPage', 'Not terminated: no node that holds them is connected: %1'):
  ('Inte avslutade: ingen nod som har dem är ansluten: %1', 'Nicht beendet: kein Knoten, der sie hat, ist verbunden: %1'),
 # The setup wizard (gui/wizard, tl-ha-setup-gui). The findings themselves are the library's
 # English, as tl-ha-setup prints and saves them.
 ('NodesPage', 'Nodes and resource name'): ('Noder och resursnamn', 'Knoten und Ressourcenname'),
 ('NodesPage', 'The two servers that are to become an HA pair, the primary first.'):
  ('De två servrarna som ska bli ett HA-par, den primära först.', 'Die beiden Server, die ein HA-Paar werden sollen, der primäre zuerst.'),
 ('NodesPage', "<b>Nothing is changed on any node unless you confirm it.</b> The setup wizard checks as tl-ha-setup does: each node tells over its admin API how it resolves the names, which HA/nodes entry it would take as itself, its sshd host keys, its agents and the configuration both nodes must share. Every finding names the exact fix; where the wizard can make it itself (host keys, configuration copy, agents, enabling HA), Apply… on the step's page lists every change and asks first."):
  ("<b>Ingenting ändras på någon nod utan att du bekräftar det.</b> Installationsguiden kontrollerar som tl-ha-setup gör: varje nod berättar via sitt admin-API hur den slår upp namnen, vilken post i HA/nodes den skulle ta som sig själv, sina värdnycklar för sshd, sina agenter och den konfiguration som båda noderna måste dela. Varje fynd anger den exakta åtgärden; där guiden kan göra den själv (värdnycklar, kopiering av konfigurationen, agenter, aktivering av HA) listar Verkställ… på stegets sida varje ändring och frågar först.",
   "<b>Auf keinem Knoten wird etwas geändert, ohne dass Sie es bestätigen.</b> Der Einrichtungsassistent prüft wie tl-ha-setup: Jeder Knoten meldet über seine Admin-API, wie er die Namen auflöst, welchen Eintrag von HA/nodes er als sich selbst nehmen würde, seine sshd-Hostschlüssel, seine Agenten und die Konfiguration, die beide Knoten teilen müssen. Jeder Befund nennt die genaue Abhilfe; wo der Assistent sie selbst vornehmen kann (Hostschlüssel, Kopie der Konfiguration, Agenten, Aktivieren von HA), listet Anwenden… auf der Seite des Schritts jede Änderung auf und fragt zuerst."),
 ('NodesPage', 'Connect'): ('Anslut', 'Verbinden'),
 ('NodesPage', 'host or host:port (admin port 9002)'): ('värd eller värd:port (adminport 9002)', 'Host oder Host:Port (Admin-Port 9002)'),
 ('NodesPage', 'the other node'): ('den andra noden', 'der andere Knoten'),
 ('NodesPage', "default: the two nodes' host names"): ('standard: de två nodernas värdnamn', 'Standard: die Hostnamen der beiden Knoten'),
 ('NodesPage', 'Keep the password in the desktop keychain'): ('Spara lösenordet i skrivbordets nyckelring', 'Das Passwort im Schlüsselbund des Desktops speichern'),
 ('NodesPage', 'Primary:'): ('Primär:', 'Primär:'),
 ('NodesPage', 'Secondary:'): ('Sekundär:', 'Sekundär:'),
 ('NodesPage', 'Resource name:'): ('Resursnamn:', 'Ressourcenname:'),
 ('NodesPage', 'HA/nodes:'): ('HA/nodes:', 'HA/nodes:'),
 ('NodesPage', 'Admin password:'): ('Adminlösenord:', 'Admin-Passwort:'),
 ('NodesPage', 'The password was not stored in the keychain: %1'): ('Lösenordet sparades inte i nyckelringen: %1', 'Das Passwort wurde nicht im Schlüsselbund gespeichert: %1'),
 ('NodesPage', 'Give both nodes, the primary first.'): ('Ange båda noderna, den primära först.', 'Beide Knoten angeben, den primären zuerst.'),
 ('NodesPage', '%1: %2'): ('%1: %2', '%1: %2'),
 ('NodesPage', "The two nodes are the same host '%1': give each node by its own name."):
  ("De två noderna är samma värd '%1': ange varje nod med dess eget namn.", "Die beiden Knoten sind derselbe Host '%1': jeden Knoten mit seinem eigenen Namen angeben."),
 ('NodesPage', "Resource name: give one host name (got '%1')."): ("Resursnamn: ange ett värdnamn (fick '%1').", "Ressourcenname: einen Hostnamen angeben (erhalten: '%1')."),
 ('NodesPage', "HA/nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1')."):
  ("HA/nodes: ange exakt två namn, som /vsmserver/HA/nodes har (fick '%1').", "HA/nodes: genau zwei Namen angeben, wie /vsmserver/HA/nodes sie hat (erhalten: '%1')."),
 ('NodesPage', 'Too many names to check.'): ('För många namn att kontrollera.', 'Zu viele Namen zu prüfen.'),
 ('NodesPage', 'Not connected.'): ('Inte ansluten.', 'Nicht verbunden.'),
 ('NodesPage', "The wizard checks the console's two nodes: connect the console to both (Cluster → Connect…) and wait until both are connected."):
  ('Guiden kontrollerar konsolens två noder: anslut konsolen till båda (Kluster → Anslut…) och vänta tills båda är anslutna.', 'Der Assistent prüft die beiden Knoten der Konsole: die Konsole mit beiden verbinden (Cluster → Verbinden…) und warten, bis beide verbunden sind.'),
 ('ReportPage', 'Report'): ('Rapport', 'Bericht'),
 ('ReportPage', 'Every step, as tl-ha-setup reports it. Step 6 is not checked yet; step 9 is the failover drill, once nothing needs fixing.'):
  ('Varje steg, som tl-ha-setup rapporterar det. Steg 6 kontrolleras inte än; steg 9 är failover-övningen, när inget behöver åtgärdas.', 'Jeder Schritt, wie tl-ha-setup ihn meldet. Schritt 6 wird noch nicht geprüft; Schritt 9 ist die Failover-Übung, sobald nichts mehr zu beheben ist.'),
 ('ReportPage', 'Run the failover drill…'): ('Kör failover-övningen…', 'Failover-Übung ausführen…'),
 ('ReportPage', 'The failover drill runs: the primary steps down, the secondary takes over, then the same back…'):
  ('Failover-övningen pågår: den primära träder tillbaka, den sekundära tar över, sedan samma sak tillbaka…', 'Die Failover-Übung läuft: Der primäre Knoten tritt zurück, der sekundäre übernimmt, dann dasselbe zurück…'),
 ('ReportPage', 'Run the failover drill?'): ('Köra failover-övningen?', 'Die Failover-Übung ausführen?'),
 ('ReportPage', 'The primary steps down: the secondary must take the resource IP and every session, then the same back. Sessions stay up; new logins wait a few seconds while the resource IP moves.'):
  ('Den primära träder tillbaka: den sekundära måste ta över resurs-IP-adressen och varje session, sedan samma sak tillbaka. Sessionerna fortsätter; nya inloggningar väntar några sekunder medan resurs-IP-adressen flyttas.', 'Der primäre Knoten tritt zurück: Der sekundäre muss die Ressourcen-IP und jede Sitzung übernehmen, dann dasselbe zurück. Die Sitzungen bleiben bestehen; neue Anmeldungen warten einige Sekunden, während die Ressourcen-IP umzieht.'),
 ('ReportPage', 'Save report…'): ('Spara rapport…', 'Bericht speichern…'),
 ('ReportPage', 'Check again'): ('Kontrollera igen', 'Erneut prüfen'),
 ('ReportPage', 'Asking both nodes…'): ('Frågar båda noderna…', 'Beide Knoten werden gefragt…'),
 ('ReportPage', 'The nodes could not be asked:'): ('Noderna kunde inte tillfrågas:', 'Die Knoten konnten nicht gefragt werden:'),
 ('ReportPage', 'All fine: the pair is ready for the steps not checked yet.'): ('Allt bra: paret är redo för de steg som inte kontrolleras än.', 'Alles in Ordnung: Das Paar ist bereit für die Schritte, die noch nicht geprüft werden.'),
 ('ReportPage', 'Something needs fixing: see the errors below.'): ('Något behöver åtgärdas: se felen nedan.', 'Etwas muss behoben werden: siehe die Fehler unten.'),
 ('ReportPage', 'Save report'): ('Spara rapport', 'Bericht speichern'),
 ('ReportPage', 'Report (FILE.txt and FILE.json) (*.txt *.json);;All files (*)'): ('Rapport (FIL.txt och FIL.json) (*.txt *.json);;Alla filer (*)', 'Bericht (DATEI.txt und DATEI.json) (*.txt *.json);;Alle Dateien (*)'),
 ('ReportPage', 'The report was not saved: %1'): ('Rapporten sparades inte: %1', 'Der Bericht wurde nicht gespeichert: %1'),
 ('ReportPage', 'Saved to %1'): ('Sparad i %1', 'Gespeichert in %1'),
 ('ReportPage', ' and '): (' och ', ' und '),
 ('ReportPage', 'there is no report yet'): ('det finns ingen rapport än', 'es gibt noch keinen Bericht'),
 ('ReportPage', 'give a file name'): ('ange ett filnamn', 'einen Dateinamen angeben'),
 ('ReportPage', 'cannot write %1: %2'): ('kan inte skriva %1: %2', '%1 kann nicht geschrieben werden: %2'),
 ('SetupRun', '%1: %2'): ('%1: %2', '%1: %2'),
 ('SetupRun', 'the second node is missing'): ('den andra noden saknas', 'der zweite Knoten fehlt'),
 ('SetupWizard', 'OpenVSM HA setup wizard'): ('OpenVSM installationsguide för HA', 'OpenVSM HA-Einrichtungsassistent'),
 ('SetupWizard', 'cannot reach the %1 page'): ('kan inte nå sidan %1', 'die Seite %1 ist nicht erreichbar'),
 ('SetupWizard', 'cannot write %1'): ('kan inte skriva %1', '%1 kann nicht geschrieben werden'),
 ('SetupWizard', 'Setup &wizard…'): ('&Installationsguide…', '&Einrichtungsassistent…'),
 ('StepPage', 'Step %1: %2'): ('Steg %1: %2', 'Schritt %1: %2'),
 ('StepPage', 'Check again'): ('Kontrollera igen', 'Erneut prüfen'),
 ('StepPage', 'Apply…'): ('Verkställ…', 'Anwenden…'),
 ('StepPage', 'asking the nodes… %v of %m answered'): ('frågar noderna… %v av %m har svarat', 'Knoten werden gefragt… %v von %m haben geantwortet'),
 ('StepPage', 'Apply the changes?'): ('Verkställa ändringarna?', 'Die Änderungen anwenden?'),
 ('StepPage', "These changes will be made through the nodes' admin API:\n\n%1"):
  ('Dessa ändringar görs via nodernas admin-API:\n\n%1', 'Diese Änderungen werden über die Admin-API der Knoten vorgenommen:\n\n%1'),
 ('StepPage', 'Asking both nodes and resolving the names on this machine…'): ('Frågar båda noderna och slår upp namnen på den här datorn…', 'Beide Knoten werden gefragt und die Namen auf diesem Rechner aufgelöst…'),
 ('StepPage', 'The nodes could not be asked:'): ('Noderna kunde inte tillfrågas:', 'Die Knoten konnten nicht gefragt werden:'),
 ('StepPage', 'Not checked yet.'): ('Inte kontrollerat än.', 'Noch nicht geprüft.'),
 ('StepPage', 'This step was not checked.'): ('Det här steget kontrollerades inte.', 'Dieser Schritt wurde nicht geprüft.'),
 ('StepPage', 'Applying failed: %1'): ('Verkställandet misslyckades: %1', 'Anwenden fehlgeschlagen: %1'),
 ('StepPage', '%n error(s) to fix before HA can be enabled.'):
  (['%n fel att åtgärda innan HA kan aktiveras.', '%n fel att åtgärda innan HA kan aktiveras.'], ['%n Fehler zu beheben, bevor HA aktiviert werden kann.', '%n Fehler zu beheben, bevor HA aktiviert werden kann.']),
 ('StepPage', 'No errors; %n warning(s).'): (['Inga fel; %n varning.', 'Inga fel; %n varningar.'], ['Keine Fehler; %n Warnung.', 'Keine Fehler; %n Warnungen.']),
 ('StepPage', 'All fine.'): ('Allt bra.', 'Alles in Ordnung.'),
}

missing = 0
for lang, col in (('sv', 0), ('de', 1)):
    path = os.path.join(HERE, '..', 'openvsm_%s.ts' % lang)
    tree = ET.parse(path)
    root = tree.getroot()
    root.set('language', {'sv': 'sv_SE', 'de': 'de_DE'}[lang])
    for ctx in root.findall('context'):
        name = ctx.find('name').text
        for m in ctx.findall('message'):
            src = m.find('source').text
            tr = m.find('translation')
            if tr.get('type') in ('vanished', 'obsolete'):  # no longer in the sources
                ctx.remove(m)
                continue
            entry = T.get((name, src))
            if entry is None:
                print('missing %s: %s / %r' % (lang, name, src), file=sys.stderr)
                missing += 1
                continue
            value = entry[col]
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            if 'type' in tr.attrib:
                del tr.attrib['type']
            if m.get('numerus') == 'yes':
                forms = value if isinstance(value, list) else [value, value]
                for f in forms:
                    e = ET.SubElement(tr, 'numerusform')
                    e.text = f
            else:
                tr.text = value
    with open(path, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding='utf-8', xml_declaration=False)
        f.write(b'\n')
sys.exit(1 if missing else 0)
