/**
 * Name and place lists for synthetic people. Deliberately diverse (many languages and regions) so
 * that search, sorting and display are exercised with accents, apostrophes, hyphens and short and
 * long names. Every person made from these lists is fictional.
 */

export const MALE_GIVEN: readonly string[] = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua',
  'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan',
  'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon',
  'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Patrick', 'Frank', 'Raymond', 'Jack', 'Dennis', 'Jerry',
  'Tyler', 'Aaron', 'Jose', 'Adam', 'Nathan', 'Henry', 'Douglas', 'Zachary', 'Peter', 'Kyle',
  'Noah', 'Ethan', 'Liam', 'Mason', 'Lucas', 'Logan', 'Elijah', 'Oliver', 'Aiden', 'Caleb',
  'Juan', 'Carlos', 'Luis', 'Miguel', 'Jorge', 'Alejandro', 'Diego', 'Mateo', 'Santiago', 'Andrés',
  'José Luis', 'Rafael', 'Wei', 'Jun', 'Hao', 'Min-jun', 'Hiroshi', 'Kenji', 'Takeshi', 'Arjun',
  'Rahul', 'Vikram', 'Sanjay', 'Ravi', 'Mohammed', 'Ahmed', 'Omar', 'Yusuf', 'Ali', 'Hassan',
  'Kwame', 'Chinedu', 'Oluwaseun', 'Tunde', 'Kofi', 'Dmitri', 'Ivan', 'Sergei', 'Piotr', 'Tomasz',
  'Lars', 'Søren', 'Mikael', 'Jean-Pierre', 'François', 'Luca', 'Giovanni', 'Marco', 'Hans', 'Jürgen',
  'Seamus', "D'Andre", 'DeShawn', 'Malik', 'Jamal', 'Tariq', 'Nguyen', 'Minh', 'Thanh', 'Kai',
  'Mauricio', 'Ángel', 'Bao', 'Tenzin', 'Ezra', 'Levi', 'Ari', 'Eli', 'Finn', 'Rowan',
];

export const FEMALE_GIVEN: readonly string[] = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Lisa', 'Nancy', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Carol', 'Amanda', 'Dorothy', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia',
  'Kathleen', 'Amy', 'Angela', 'Shirley', 'Anna', 'Brenda', 'Pamela', 'Emma', 'Nicole', 'Helen',
  'Samantha', 'Katherine', 'Christine', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Catherine', 'Maria', 'Heather',
  'Diane', 'Ruth', 'Julie', 'Olivia', 'Joyce', 'Virginia', 'Victoria', 'Kelly', 'Lauren', 'Christina',
  'Ava', 'Sophia', 'Isabella', 'Mia', 'Charlotte', 'Amelia', 'Harper', 'Evelyn', 'Abigail', 'Ella',
  'Guadalupe', 'Lucía', 'Sofía', 'Valentina', 'Camila', 'Ximena', 'María José', 'Carmen', 'Rosa', 'Ana',
  'Mei', 'Xiu', 'Li Na', 'Ji-woo', 'Seo-yeon', 'Yuki', 'Sakura', 'Aiko', 'Priya', 'Ananya',
  'Lakshmi', 'Deepa', 'Fatima', 'Aisha', 'Layla', 'Zainab', 'Mariam', 'Noor', 'Amara', 'Ngozi',
  'Chiamaka', 'Abena', 'Adaeze', 'Olga', 'Natalia', 'Svetlana', 'Agnieszka', 'Katarzyna', 'Ingrid', 'Astrid',
  'Siobhán', 'Aoife', 'Chloé', 'Élodie', 'Giulia', 'Francesca', 'Greta', 'Zoë', 'Renée', 'Beyoncé',
  'Imani', 'Keisha', 'Aaliyah', 'Lan', 'Linh', 'Hoa', 'Leilani', 'Malia', 'Noa', 'Talia',
  'Esperanza', 'Inés', 'Thi', 'Pema', 'Hannah', 'Leah', 'Naomi', 'Ruby', 'Iris', 'Hazel',
];

export const FAMILY: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gómez', 'Phillips', 'Evans', 'Turner', 'Díaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jiménez',
  'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou',
  'Park', 'Choi', 'Jung', 'Kang', 'Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', 'Yamamoto', 'Nakamura',
  'Tran', 'Le', 'Pham', 'Hoang', 'Vo', 'Shah', 'Singh', 'Kumar', 'Sharma', 'Gupta',
  'Reddy', 'Iyer', 'Menon', 'Khan', 'Ahmed', 'Hussain', 'Rahman', 'Haddad', 'Nasser', 'Al-Sayed',
  'Okafor', 'Adeyemi', 'Mensah', 'Osei', 'Nwosu', 'Abebe', 'Mwangi', 'Diallo', 'Traoré', 'Boateng',
  'Ivanov', 'Petrov', 'Kowalski', 'Nowak', 'Wiśniewski', 'Novák', 'Horváth', 'Müller', 'Schmidt', 'Schneider',
  'Fischer', 'Weber', 'Becker', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Dubois', 'Lefèvre',
  'Moreau', 'Laurent', 'Jensen', 'Nielsen', 'Hansen', 'Johansson', 'Larsson', 'Andersson', 'Virtanen', 'Korhonen',
  "O'Brien", "O'Connor", 'McCarthy', 'MacDonald', 'Fitzgerald', 'Gallagher', 'Papadopoulos', 'Yilmaz', 'Kaya', 'Cohen',
  'Levy', 'Friedman', 'Goldberg', 'Silva', 'Santos', 'Oliveira', 'Pereira', 'Costa', 'Ferreira', 'Almeida',
  'Smith-Jones', 'García-López', 'Van der Berg', 'De la Cruz', 'St. John', 'Kealoha', 'Begay', 'Yazzie', 'Tsosie', 'Running Bear',
];

/** Practitioner family names are drawn from the same list; these are the common clinical prefixes. */
export const PRACTITIONER_DEGREES: readonly (readonly [string, number])[] = [['MD', 6], ['DO', 2], ['NP', 2], ['PA', 1]];

export interface Place {
  city: string;
  state: string;
  /** The first three digits of the ZIP code. */
  zip3: string;
  /** Area code for phone numbers. */
  area: string;
}

export const PLACES: readonly Place[] = [
  { city: 'Springfield', state: 'IL', zip3: '627', area: '217' },
  { city: 'Columbus', state: 'OH', zip3: '432', area: '614' },
  { city: 'Albuquerque', state: 'NM', zip3: '871', area: '505' },
  { city: 'Gallup', state: 'NM', zip3: '873', area: '505' },
  { city: 'Billings', state: 'MT', zip3: '591', area: '406' },
  { city: 'Bozeman', state: 'MT', zip3: '597', area: '406' },
  { city: 'Fargo', state: 'ND', zip3: '581', area: '701' },
  { city: 'Sioux Falls', state: 'SD', zip3: '571', area: '605' },
  { city: 'Rapid City', state: 'SD', zip3: '577', area: '605' },
  { city: 'Casper', state: 'WY', zip3: '826', area: '307' },
  { city: 'Boise', state: 'ID', zip3: '837', area: '208' },
  { city: 'Spokane', state: 'WA', zip3: '992', area: '509' },
  { city: 'Yakima', state: 'WA', zip3: '989', area: '509' },
  { city: 'Eugene', state: 'OR', zip3: '974', area: '541' },
  { city: 'Fresno', state: 'CA', zip3: '937', area: '559' },
  { city: 'El Centro', state: 'CA', zip3: '922', area: '760' },
  { city: 'Tucson', state: 'AZ', zip3: '857', area: '520' },
  { city: 'Flagstaff', state: 'AZ', zip3: '860', area: '928' },
  { city: 'El Paso', state: 'TX', zip3: '799', area: '915' },
  { city: 'Laredo', state: 'TX', zip3: '780', area: '956' },
  { city: 'Lubbock', state: 'TX', zip3: '794', area: '806' },
  { city: 'Tulsa', state: 'OK', zip3: '741', area: '918' },
  { city: 'Wichita', state: 'KS', zip3: '672', area: '316' },
  { city: 'Omaha', state: 'NE', zip3: '681', area: '402' },
  { city: 'Des Moines', state: 'IA', zip3: '503', area: '515' },
  { city: 'Duluth', state: 'MN', zip3: '558', area: '218' },
  { city: 'Marquette', state: 'MI', zip3: '498', area: '906' },
  { city: 'Eau Claire', state: 'WI', zip3: '547', area: '715' },
  { city: 'Jackson', state: 'MS', zip3: '392', area: '601' },
  { city: 'Greenville', state: 'MS', zip3: '387', area: '662' },
  { city: 'Montgomery', state: 'AL', zip3: '361', area: '334' },
  { city: 'Macon', state: 'GA', zip3: '312', area: '478' },
  { city: 'Florence', state: 'SC', zip3: '295', area: '843' },
  { city: 'Asheville', state: 'NC', zip3: '288', area: '828' },
  { city: 'Charleston', state: 'WV', zip3: '253', area: '304' },
  { city: 'Roanoke', state: 'VA', zip3: '240', area: '540' },
  { city: 'Bangor', state: 'ME', zip3: '044', area: '207' },
  { city: 'Burlington', state: 'VT', zip3: '054', area: '802' },
  { city: 'Scranton', state: 'PA', zip3: '185', area: '570' },
  { city: 'Pueblo', state: 'CO', zip3: '810', area: '719' },
  { city: 'Bethel', state: 'AK', zip3: '995', area: '907' },
  { city: 'Hilo', state: 'HI', zip3: '967', area: '808' },
];

export const STREET_NAMES: readonly string[] = [
  'Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park',
  'Walnut', 'Sunset', 'Lincoln', 'Jackson', 'Church', 'River', 'Willow', 'Meadow', 'Highland', 'Ridge',
  'Prairie', 'Mesa', 'Juniper', 'Aspen', 'Cottonwood', 'Mill', 'Spring', 'Forest', 'Valley', 'Railroad',
  'Mountain View', 'Orchard', 'Chestnut', 'Birch', 'Magnolia', 'Dogwood', 'Sycamore', 'Franklin', 'Jefferson', 'Madison',
];

export const STREET_SUFFIXES: readonly string[] = ['St', 'Ave', 'Rd', 'Dr', 'Ln', 'Way', 'Ct', 'Blvd', 'Pl', 'Trl'];
