// Public reference datasets from R's `datasets` package, embedded for the oracle tests of the
// regression and relative-importance code (not part of the public API).

/**
 * R's `swiss`: standardized fertility measure and socio-economic indicators for 47 French-speaking
 * provinces of Switzerland, about 1888 (Mosteller & Tukey 1977, Data Analysis and Regression, pp. 549–551;
 * data from the Office of Population Research, Princeton). The dataset of relaimpo's documented example
 * (Grömping 2006, Journal of Statistical Software 17(1)).
 * Columns: Fertility, Agriculture, Examination, Education, Catholic, Infant.Mortality.
 */
export const SWISS_COLUMNS = ['Fertility', 'Agriculture', 'Examination', 'Education', 'Catholic', 'Infant.Mortality'] as const;
export const SWISS: readonly (readonly [string, number, number, number, number, number, number])[] = [
  ['Courtelary', 80.2, 17, 15, 12, 9.96, 22.2],
  ['Delemont', 83.1, 45.1, 6, 9, 84.84, 22.2],
  ['Franches-Mnt', 92.5, 39.7, 5, 5, 93.4, 20.2],
  ['Moutier', 85.8, 36.5, 12, 7, 33.77, 20.3],
  ['Neuveville', 76.9, 43.5, 17, 15, 5.16, 20.6],
  ['Porrentruy', 76.1, 35.3, 9, 7, 90.57, 26.6],
  ['Broye', 83.8, 70.2, 16, 7, 92.85, 23.6],
  ['Glane', 92.4, 67.8, 14, 8, 97.16, 24.9],
  ['Gruyere', 82.4, 53.3, 12, 7, 97.67, 21],
  ['Sarine', 82.9, 45.2, 16, 13, 91.38, 24.4],
  ['Veveyse', 87.1, 64.5, 14, 6, 98.61, 24.5],
  ['Aigle', 64.1, 62, 21, 12, 8.52, 16.5],
  ['Aubonne', 66.9, 67.5, 14, 7, 2.27, 19.1],
  ['Avenches', 68.9, 60.7, 19, 12, 4.43, 22.7],
  ['Cossonay', 61.7, 69.3, 22, 5, 2.82, 18.7],
  ['Echallens', 68.3, 72.6, 18, 2, 24.2, 21.2],
  ['Grandson', 71.7, 34, 17, 8, 3.3, 20],
  ['Lausanne', 55.7, 19.4, 26, 28, 12.11, 20.2],
  ['La Vallee', 54.3, 15.2, 31, 20, 2.15, 10.8],
  ['Lavaux', 65.1, 73, 19, 9, 2.84, 20],
  ['Morges', 65.5, 59.8, 22, 10, 5.23, 18],
  ['Moudon', 65, 55.1, 14, 3, 4.52, 22.4],
  ['Nyone', 56.6, 50.9, 22, 12, 15.14, 16.7],
  ['Orbe', 57.4, 54.1, 20, 6, 4.2, 15.3],
  ['Oron', 72.5, 71.2, 12, 1, 2.4, 21],
  ['Payerne', 74.2, 58.1, 14, 8, 5.23, 23.8],
  ["Paysd'enhaut", 72, 63.5, 6, 3, 2.56, 18],
  ['Rolle', 60.5, 60.8, 16, 10, 7.72, 16.3],
  ['Vevey', 58.3, 26.8, 25, 19, 18.46, 20.9],
  ['Yverdon', 65.4, 49.5, 15, 8, 6.1, 22.5],
  ['Conthey', 75.5, 85.9, 3, 2, 99.71, 15.1],
  ['Entremont', 69.3, 84.9, 7, 6, 99.68, 19.8],
  ['Herens', 77.3, 89.7, 5, 2, 100, 18.3],
  ['Martigwy', 70.5, 78.2, 12, 6, 98.96, 19.4],
  ['Monthey', 79.4, 64.9, 7, 3, 98.22, 20.2],
  ['St Maurice', 65, 75.9, 9, 9, 99.06, 17.8],
  ['Sierre', 92.2, 84.6, 3, 3, 99.46, 16.3],
  ['Sion', 79.3, 63.1, 13, 13, 96.83, 18.1],
  ['Boudry', 70.4, 38.4, 26, 12, 5.62, 20.3],
  ['La Chauxdfnd', 65.7, 7.7, 29, 11, 13.79, 20.5],
  ['Le Locle', 72.7, 16.7, 22, 13, 11.22, 18.9],
  ['Neuchatel', 64.4, 17.6, 35, 32, 16.92, 23],
  ['Val de Ruz', 77.6, 37.6, 15, 7, 4.97, 20],
  ['ValdeTravers', 67.6, 18.7, 25, 7, 8.65, 19.5],
  ['V. De Geneve', 35, 1.2, 37, 53, 42.34, 18],
  ['Rive Droite', 44.7, 46.6, 16, 29, 50.43, 18.2],
  ['Rive Gauche', 42.8, 27.7, 22, 29, 58.33, 19.3],
];

/**
 * R's `mtcars` (Henderson & Velleman 1981, "Building multiple regression models interactively",
 * Biometrics 37:391–411), the columns of the example in the documentation of R's rwa package:
 * mpg, cyl, disp, hp, gear for the 32 cars in R's row order.
 */
export const MTCARS: readonly (readonly [number, number, number, number, number])[] = [
  [21, 6, 160, 110, 4],
  [21, 6, 160, 110, 4],
  [22.8, 4, 108, 93, 4],
  [21.4, 6, 258, 110, 3],
  [18.7, 8, 360, 175, 3],
  [18.1, 6, 225, 105, 3],
  [14.3, 8, 360, 245, 3],
  [24.4, 4, 146.7, 62, 4],
  [22.8, 4, 140.8, 95, 4],
  [19.2, 6, 167.6, 123, 4],
  [17.8, 6, 167.6, 123, 4],
  [16.4, 8, 275.8, 180, 3],
  [17.3, 8, 275.8, 180, 3],
  [15.2, 8, 275.8, 180, 3],
  [10.4, 8, 472, 205, 3],
  [10.4, 8, 460, 215, 3],
  [14.7, 8, 440, 230, 3],
  [32.4, 4, 78.7, 66, 4],
  [30.4, 4, 75.7, 52, 4],
  [33.9, 4, 71.1, 65, 4],
  [21.5, 4, 120.1, 97, 3],
  [15.5, 8, 318, 150, 3],
  [15.2, 8, 304, 150, 3],
  [13.3, 8, 350, 245, 3],
  [19.2, 8, 400, 175, 3],
  [27.3, 4, 79, 66, 4],
  [26, 4, 120.3, 91, 5],
  [30.4, 4, 95.1, 113, 5],
  [15.8, 8, 351, 264, 5],
  [19.7, 6, 145, 175, 5],
  [15, 8, 301, 335, 5],
  [21.4, 4, 121, 109, 4],
];
