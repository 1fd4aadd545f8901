-- Lookup rows every installation needs (the original's seed data;
-- docs/original.md, "Fixed ids"). Rows are inserted only when missing: on an adopted
-- database the original's rows win, including any later edits to them
-- (e.g. a rink's phone number), and no existing row is rewritten.

-- +goose Up

-- Ice-session types. The ids are hard-coded in the services (Group Class is
-- GROUP_SESSION_IDS; docs/original.md, "Fixed ids"), so they must be exactly these.
INSERT INTO ice_type (ice_type_id, ice_type) VALUES
    ('dc812842-a9a9-4902-b680-361420baffe5', 'Free Style (Walk On)'),
    ('cedbb4e9-ab5b-4a14-a273-fd9783aaac86', 'Public'),
    ('12208eeb-9ffe-4ac3-90d3-976741a34249', 'Coaching Session'),
    ('7a3b3441-04d6-4b5a-afb6-eb556022c2e7', 'Competition'),
    ('88f87085-927d-4b77-b1c9-77d6de7c2d28', 'Performance'),
    ('e48d17a7-d092-4320-8e5b-6670d57b104b', 'Club Ice'),
    ('db32094e-9b0d-42a5-b87f-cd47729b6c65', 'Group Class'),
    ('0bcb0d7a-f5f0-41e2-bccb-78e80eb6673f', 'Free Style (Punch Card)'),
    ('a2250306-a238-4ff3-b772-ae86cbda0d7c', 'Off Ice - Concrete or Asphalt'),
    ('43cae2d2-909c-47a1-ac7d-a1a923c25d4e', 'Off Ice - Rink')
ON CONFLICT DO NOTHING;

-- "Off Ice" plus the 20 rinks of the original's admin/fixtures/pooled/locations.yaml.
INSERT INTO locations (rink_id, rink_name, rink_address, rink_city, rink_state, rink_country,
                       rink_zip, rink_url, rink_phone, rink_tz, data_source) VALUES
    ('b261166b-9e7c-4a96-ab06-ec630deb3321', 'Off Ice', '-', '-', '-', '-',
     '00000', '-', '-', NULL, 'skatetrax'),
    ('92b3dcf8-3018-4d61-9cf7-f683846eb517', 'Las Vegas Ice Center', '9295 W Flamingo Rd UNIT 130', 'Las Vegas', 'NV', 'US',
     '89147', 'https://lasvegasice.com/', '(702) 320-7777', 'America/Los_Angeles', 'skatetrax'),
    ('71cfa9a4-976a-4294-93c9-7e41488ac175', 'AZ Ice', '2305 E Knox Rd', 'Gilbert', 'AZ', 'US',
     '85296', 'https://azicegilbert.com/', '(480) 503-7080', 'America/Phoenix', 'skatetrax'),
    ('c7faeb7e-e3dc-4881-8f35-c70b1e1e9a7f', 'Ice Line', '700 Lawrence Dr', 'West Chester', 'PA', 'US',
     '19380', 'https://icelinequadrinks.com/', '(610) 436-9670', 'America/New_York', 'skatetrax'),
    ('ae6e22f7-d4be-4188-a871-bf4288a36997', 'Ice Chalet', '100 Lebanon St', 'Knoxville', 'TN', 'US',
     '37919', 'https://chaleticerinks.com/', '(865) 588-1858', 'America/New_York', 'skatetrax'),
    ('80a8f30e-93c6-4ed0-9a56-6cd84fbe44b7', 'The Galleria', '13350 Dallas Pkwy #200', 'Dallas', 'TX', 'US',
     '75240', 'http://www.galleriaiceskatingcenter.com/', '(972) 392-3361', 'America/Chicago', 'skatetrax'),
    ('8f9c7515-d65d-49a5-b716-d8de5b0fab36', 'Richardson Stars Center', '522 Centennial Blvd', 'Richardson', 'TX', 'US',
     '75081', 'https://www.nhl.com/stars/starcenters/locations/richardson', '(972) 680-7825', 'America/Chicago', 'skatetrax'),
    ('0c4ca8f4-0949-4d09-83e0-b59663ccddb6', 'Ford Ice Center Antioch', '5264 Hickory Hollow Pkwy', 'Antioch', 'TN', 'US',
     '37013', 'https://www.nhl.com/predators/fordicecenter', '(615) 742-4389', 'America/Chicago', 'skatetrax'),
    -- seasonal rink, no phone
    ('a8be80dc-1e0d-4cc4-9743-46c9b273b7de', 'Liberty Ice Pavilion', 'W Duke of Gloucester Street', 'Williamsburg', 'VA', 'US',
     '23185', 'https://www.colonialwilliamsburg.org/visit/tickets-passes/liberty-ice-pavilion/', '', 'America/New_York', 'skatetrax'),
    ('f6255fc0-bb01-4f4a-a2a1-b991481dd1e1', 'Cleland Ice Rink', '1606 Rock Merritt Avenue', 'Fort Liberty', 'NC', 'US',
     '28307', 'https://liberty.armymwr.com/programs/cleland-ice-and-inline-skating-rink', '(910) 396-5127', 'America/New_York', 'skatetrax'),
    ('199f3859-c8cb-4868-aba8-e0406e6f9a61', 'Polar Ice Garner', '103 New Rand Road', 'Garner', 'NC', 'US',
     '27529', 'https://polaricegarner.com/', '(919) 861-7465', 'America/New_York', 'skatetrax'),
    ('b6b3dd75-ebb4-4a89-90c2-f95f56c1968c', 'Greensboro Ice House', '6119 Landsmark Center Boulevard', 'Greensboro', 'NC', 'US',
     '27407', 'https://greensboroice.com/', '(336) 852-1515', 'America/New_York', 'skatetrax'),
    ('00ed2b0f-a42e-4e44-b066-8cc911ffd679', 'Carolina IceZone', '104 Red Banks Road', 'Greenville', 'NC', 'US',
     '27858', 'https://carolinaicezone.com/', '(252) 353-8888', 'America/New_York', 'skatetrax'),
    ('cb4e2b1d-e8c3-4425-ab3f-2fe683c05e77', 'Orange County SportsPlex', '101 Meadowlands Drive', 'Hillsborough', 'NC', 'US',
     '27278', 'https://www.oc-sportsplex.com/', '(919) 644-0339', 'America/New_York', 'skatetrax'),
    ('f3658548-9c04-44de-999e-40df4899285a', 'Extreme Ice Center', '4705 Indian Trail-fairview Road', 'Indian Trail', 'NC', 'US',
     '28079', 'https://xicenter.com/', '(704) 882-1830', 'America/New_York', 'skatetrax'),
    ('d9fde7ef-1344-49b4-acc8-b1d0464f1b6e', 'Wake Competition Center', '111-100 Competition Center Drive', 'Morrisville', 'NC', 'US',
     '27560', 'https://www.invisalignarena.com/', '(919) 646-5400', 'America/New_York', 'skatetrax'),
    ('042c6bf0-9fe4-482f-be96-f563f25a5b10', 'Pineville Ice House', '400 Towne Centre Boulevard', 'Pineville', 'NC', 'US',
     '28134', 'https://www.pinevilleice.com/', '(704) 889-9000', 'America/New_York', 'skatetrax'),
    ('48ca4fc1-6e40-4102-8ca7-85b85846db23', 'Cary Polar Ice House', '1410 Buck Jones Road', 'Raleigh', 'NC', 'US',
     '27606', 'https://www.polaricecary.com/', '(919) 460-2756', 'America/New_York', 'skatetrax'),
    ('b3206edf-6027-4a34-a075-15ba83ac5a6b', 'Polar Ice Raleigh', '2601 Raleigh Boulevard', 'Raleigh', 'NC', 'US',
     '27604', 'https://www.polariceraleigh.com/', '(919) 878-9002', 'America/New_York', 'skatetrax'),
    ('392d379c-f17b-4a20-b743-c1d005e553d0', 'Polar Ice House Wake Forest', '1839 S Main Street 200', 'Wake Forest', 'NC', 'US',
     '27587', 'https://polaricewakeforest.com/', '(919) 453-1500', 'America/New_York', 'skatetrax'),
    ('5185e956-27c4-41d1-bd7f-0dd3133a46b0', 'Polar Ice Wilmington', '7201 Ogden Business Lane', 'Wilmington', 'NC', 'US',
     '28405', 'https://www.polaricewilmington.com/', '(910) 686-1987', 'America/New_York', 'skatetrax')
ON CONFLICT DO NOTHING;

-- "No coach" placeholder. The original relies on it being row id 1, so take
-- id 1 when it is free; if an adopted database used id 1 for someone else,
-- fall back to the next serial value rather than fail.
INSERT INTO coaches (id, coach_id, "coach_Fname", "coach_Lname", coach_rate)
SELECT CASE WHEN EXISTS (SELECT 1 FROM coaches WHERE id = 1)
            THEN nextval('coaches_id_seq') ELSE 1 END,
       '487d43b5-0a4d-4dc4-8cc2-ab06870a10bf', '-', '-', 0
WHERE NOT EXISTS (SELECT 1 FROM coaches WHERE coach_id = '487d43b5-0a4d-4dc4-8cc2-ab06870a10bf');

-- Target of "uSkaterConfig"."org_Club" for skaters without a club.
INSERT INTO club_directory (club_id, club_name, club_home_rink, club_cost)
VALUES ('c4dd2b9c-50f1-4f5b-a439-fd8f36a654d6', 'No Club', NULL, 0)
ON CONFLICT DO NOTHING;

INSERT INTO e_governing_bodies (id, short_name, full_name) VALUES
    ('a0000000-0000-0000-0000-000000000001', 'None', 'Unaffiliated'),
    ('a0000000-0000-0000-0000-000000000002', 'USFSA', 'U.S. Figure Skating Association'),
    ('a0000000-0000-0000-0000-000000000003', 'ISI', 'Ice Sports Industry'),
    ('a0000000-0000-0000-0000-000000000004', 'Other', 'Other'),
    ('a0000000-0000-0000-0000-000000000005', 'Compete USA', 'Compete USA')
ON CONFLICT DO NOTHING;

INSERT INTO e_event_types (id, category, scoring_system, governing_body_id, single_mark) VALUES
    ('b0000000-0000-0000-0000-000000000001', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000002', false),
    ('b0000000-0000-0000-0000-000000000002', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000001', false),
    ('b0000000-0000-0000-0000-000000000003', 'Showcase',    'CJS', 'a0000000-0000-0000-0000-000000000002', false),
    ('b0000000-0000-0000-0000-000000000004', 'Showcase',    NULL,  'a0000000-0000-0000-0000-000000000001', false),
    ('b0000000-0000-0000-0000-000000000005', 'Exhibition',  NULL,  'a0000000-0000-0000-0000-000000000001', false),
    ('b0000000-0000-0000-0000-000000000006', 'Competition', 'IJS', 'a0000000-0000-0000-0000-000000000002', false),
    ('b0000000-0000-0000-0000-000000000007', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000005', true),
    ('b0000000-0000-0000-0000-000000000008', 'Competition', '6.0', 'a0000000-0000-0000-0000-000000000005', false),
    ('b0000000-0000-0000-0000-000000000009', 'Competition', 'IJS', 'a0000000-0000-0000-0000-000000000005', false),
    ('b0000000-0000-0000-0000-00000000000a', 'Competition', 'CJS', 'a0000000-0000-0000-0000-000000000005', false)
ON CONFLICT DO NOTHING;

-- Roles are looked up by NAME, never by id. A fresh database gets the
-- original's ids (1 adult, 2 coach, 3 minor, 4 guardian) and 5 for the Go
-- service's admin role. An adopted one may hold these names under other ids,
-- or other names under these ids (migration 003 copied whatever
-- u_skater_types held), so only missing names are added, case-insensitively,
-- at the wanted id if it is free and at a fresh serial value otherwise.
-- +goose StatementBegin
DO $$
DECLARE
    want record;
BEGIN
    -- 003 inserted explicit ids without moving the sequence (auth.md §9.2).
    PERFORM setval('role_id_seq', greatest(max(id), (SELECT last_value FROM role_id_seq)))
    FROM role HAVING max(id) IS NOT NULL;
    FOR want IN
        SELECT * FROM (VALUES
            (1, 'adult',    'Adult skater'),
            (2, 'coach',    'Coach'),
            (3, 'minor',    'Minor: under 18, needs a guardian'),
            (4, 'guardian', 'Guardian of one or more minors'),
            (5, 'admin',    'Administrator of this Skatetrax installation')
        ) AS v (id, name, description)
        ORDER BY id
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM role WHERE lower(name) = want.name);
        IF EXISTS (SELECT 1 FROM role WHERE id = want.id) THEN
            INSERT INTO role (name, description) VALUES (want.name, want.description);
        ELSE
            INSERT INTO role (id, name, description) VALUES (want.id, want.name, want.description);
        END IF;
    END LOOP;
END
$$;
-- +goose StatementEnd

-- Explicit ids above do not advance the serial sequences; move them past the
-- highest id so later inserts cannot collide. Never moves a sequence back.
SELECT setval('role_id_seq', greatest(max(id), (SELECT last_value FROM role_id_seq)))
FROM role HAVING max(id) IS NOT NULL;
SELECT setval('coaches_id_seq', greatest(max(id), (SELECT last_value FROM coaches_id_seq)))
FROM coaches HAVING max(id) IS NOT NULL;

-- +goose Down
-- Intentionally leaves the rows in place. They are reference data that user
-- rows point at, and ice_time's FKs to ice_type, coaches and locations are
-- ON DELETE CASCADE: deleting a seed row would delete skaters' sessions. On
-- an adopted database they were the original's rows to begin with. Rolling
-- back 00001 drops them with their tables.
SELECT 1;
